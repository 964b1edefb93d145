using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Views;

/// <summary>Read-your-writes of an order on its customer and inventory views is decided per source event.</summary>
public sealed class RoutedPositionsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_later_order_of_the_same_partition_routed_first_does_not_satisfy_a_wait_for_the_earlier_one()
    {
        var customer = new CustomerState();

        customer.ApplyOrder(Created("later"), At(20), T0, T0, "log");

        Assert.False(customer.HasApplied(At(10)), "order 'earlier' at offset 10 has not reached the customer yet");
        customer.ApplyOrder(Created("earlier"), At(10), T0, T0, "log");
        Assert.True(customer.HasApplied(At(10)));
        Assert.True(customer.HasApplied(At(20)));
    }

    [Fact]
    public void The_inventory_view_answers_for_the_order_it_checked_not_for_its_partition()
    {
        var inventory = new InventoryState();

        inventory.MarkRouted(At(20), "log");

        Assert.False(inventory.HasApplied(At(10)));
        inventory.MarkRouted(At(10), "log");
        Assert.True(inventory.HasApplied(At(10)));
    }

    [Fact]
    public void Positions_are_bounded_per_partition_and_forgotten_ones_count_as_handed_over()
    {
        var positions = new RoutedPositions();
        for (var offset = 0; offset < RoutedPositions.KeptPerPartition + 10; offset++)
        {
            positions.Add(At(offset), "log");
        }

        Assert.Equal(RoutedPositions.KeptPerPartition, positions.Offsets[$"{Topics.Orders}/0"].Count);
        Assert.True(positions.Contains(At(3)));
        Assert.False(positions.Contains(At(RoutedPositions.KeptPerPartition + 10)));
    }

    [Fact]
    public void A_replaced_log_forgets_the_old_logs_positions()
    {
        var positions = new RoutedPositions();
        positions.Add(At(5), "old-log");

        Assert.True(positions.Add(At(5), "new-log"));
        positions.Add(At(0), "new-log");

        Assert.Equal([0L, 5L], positions.Offsets[$"{Topics.Orders}/0"]);
    }

    private static KafkaPosition At(long offset) => new(Topics.Orders, 0, offset);

    private static Order Created(string id) => new(id, 9, OrderState.Created, Product.Jumpers, 1, 1m);
}
