using System.Globalization;
using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

public sealed class StoredStateSizeTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_products_stored_record_is_no_larger_after_100k_orders_than_after_10k()
    {
        var state = new InventoryState();
        state.ApplyStock(Topics.WarehouseInventory, 0, new KafkaEvent<Inventory>(0, Now, new Inventory(Product.Jumpers, 1_000_000_000)));

        Pass(state, 0, 10_000);
        var after10k = Stored(state);
        Pass(state, 10_000, 100_000);
        var after100k = Stored(state);

        // Order IDs have one width, so the released window takes the same room; only the two counts and the
        // highest position of each of the eight orders partitions gain a digit each.
        Assert.True(
            after100k <= after10k + 2 + 8,
            $"the record should not grow with orders: {after10k} bytes after 10k orders, {after100k} after 100k");
        Assert.Equal(InventoryState.RememberedReleases, state.Released.Count);
    }

    [Fact]
    public void A_customers_stored_record_grows_only_by_digits_from_10k_to_100k_orders()
    {
        var state = new CustomerState();

        Place(state, 0, 10_000);
        var after10k = Stored(state);
        Place(state, 10_000, 100_000);
        var after100k = Stored(state);

        // The same orders listed and sessions; offsets and totals are longer numbers.
        Assert.True(
            after100k <= after10k + (after10k / 20),
            $"the record should not grow with orders: {after10k} bytes after 10k orders, {after100k} after 100k");
        Assert.Equal(CustomerState.RecentOrderLimit, state.Recent.Count);
        Assert.Equal(100_000, state.OrderCount);
    }

    // Two hours apart in event time, so each is a session of its own and none fails the fraud check; every
    // tenth fails elsewhere. Orders come from eight partitions of orders, as the router writes them.
    private static void Place(CustomerState state, int from, int to)
    {
        for (var n = from; n < to; n++)
        {
            var id = n.ToString("D8", CultureInfo.InvariantCulture);
            var order = new Order(id, 9, OrderState.Created, Product.Jumpers, 1, 10m);
            var at = Now.AddHours(2 * n);
            var partition = n % 8;
            var offset = 2L * (n / 8);
            Assert.Equal(OrderValidationResult.Pass, state.ApplyOrder(order, new KafkaPosition(Topics.Orders, partition, offset), at, "log-1").Verdict);
            state.ApplyOrder(order with { State = n % 10 == 0 ? OrderState.Failed : OrderState.Validated }, new KafkaPosition(Topics.Orders, partition, offset + 1), at, "log-1");
        }
    }

    // Requests from eight partitions of orders, as the router writes them; every tenth order fails elsewhere and
    // is released, as the aggregator does.
    private static void Pass(InventoryState state, int from, int to)
    {
        for (var n = from; n < to; n++)
        {
            var id = n.ToString("D8", CultureInfo.InvariantCulture);
            var request = new InventoryRequest(id, Product.Jumpers, 1, Reserve: true, new KafkaPosition(Topics.Orders, n % 8, n / 8), "log-1");
            Assert.Equal(OrderValidationResult.Pass, state.Apply(Product.Jumpers, request).Decision!.Result);
            if (n % 10 == 0)
            {
                state.Release(id, 1);
            }
        }
    }

    private static int Stored<TState>(TState state) => new SystemTextJsonGrainStorageSerializer().Serialize(state).ToArray().Length;
}
