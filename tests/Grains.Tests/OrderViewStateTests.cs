using System.Text.Json;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

public sealed class OrderViewStateTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Events_applied_in_order_leave_the_latest_order()
    {
        var state = new OrderViewState();

        Assert.True(state.Apply("orders", 3, Event(10, OrderState.Created)));
        Assert.True(state.Apply("orders", 3, Event(11, OrderState.Validated)));
        Assert.True(state.Apply("orders", 3, Event(15, OrderState.Shipped)));

        var snapshot = state.ToSnapshot();
        Assert.NotNull(snapshot);
        Assert.Equal(OrderState.Shipped, snapshot.Order.State);
        Assert.Equal(3, snapshot.AppliedEvents);
        Assert.Equal(new KafkaPosition("orders", 3, 15), snapshot.LastApplied);
    }

    [Fact]
    public void A_redelivered_offset_is_skipped_and_not_counted()
    {
        var state = new OrderViewState();
        state.Apply("orders", 0, Event(4, OrderState.Created));
        state.Apply("orders", 0, Event(5, OrderState.Validated));

        // After a failover the provider may deliver a batch starting before what the view applied.
        Assert.False(state.Apply("orders", 0, Event(4, OrderState.Created)));
        Assert.False(state.Apply("orders", 0, Event(5, OrderState.Validated)));
        Assert.True(state.Apply("orders", 0, Event(6, OrderState.Shipped)));

        var snapshot = state.ToSnapshot()!;
        Assert.Equal(OrderState.Shipped, snapshot.Order.State);
        Assert.Equal(3, snapshot.AppliedEvents);
        Assert.Equal(6, state.Offsets.Get("orders", 0));
    }

    [Fact]
    public void Partitions_are_tracked_separately()
    {
        var state = new OrderViewState();
        state.Apply("orders", 1, Event(100, OrderState.Created));

        // A lower offset on another partition is a different position, not a redelivery.
        Assert.True(state.Apply("orders", 2, Event(7, OrderState.Validated)));
        Assert.False(state.Apply("orders", 2, Event(7, OrderState.Validated)));
        Assert.False(state.Apply("orders", 1, Event(100, OrderState.Created)));

        Assert.Equal(100, state.Offsets.Get("orders", 1));
        Assert.Equal(7, state.Offsets.Get("orders", 2));
        Assert.Equal(2, state.AppliedCount);
        Assert.Equal(new KafkaPosition("orders", 2, 7), state.LastApplied);
    }

    [Fact]
    public void No_snapshot_before_any_event()
    {
        Assert.Null(new OrderViewState().ToSnapshot());
    }

    [Fact]
    public void State_round_trips_through_readable_camel_case_json()
    {
        var state = new OrderViewState();
        state.Apply("orders", 2, Event(9, OrderState.Validated));
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);

        var json = JsonSerializer.Serialize(state, options);
        var copy = JsonSerializer.Deserialize<OrderViewState>(json, options)!;

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("VALIDATED", root.GetProperty("order").GetProperty("state").GetString());
        Assert.Equal("STOCKINGS", root.GetProperty("order").GetProperty("product").GetString());
        Assert.Equal(1, root.GetProperty("appliedCount").GetInt64());
        Assert.Equal(9, root.GetProperty("lastApplied").GetProperty("offset").GetInt64());
        Assert.Equal(9, root.GetProperty("offsets").GetProperty("offsets").GetProperty("orders/2").GetInt64());

        Assert.Equal(state.Order, copy.Order);
        Assert.Equal(state.AppliedCount, copy.AppliedCount);
        Assert.Equal(state.LastApplied, copy.LastApplied);
        Assert.Equal(state.Offsets.Offsets, copy.Offsets.Offsets);
        Assert.False(copy.Apply("orders", 2, Event(9, OrderState.Validated)));
    }

    [Fact]
    public void Order_has_the_wire_json_shape_under_any_options()
    {
        var order = new Order("1", 2, OrderState.Created, Product.Jumpers, 1, 1.0m);
        const string Wire = """{"id":"1","customerId":2,"state":"CREATED","product":"JUMPERS","quantity":1,"price":1.0}""";

        Assert.Equal(Wire, JsonSerializer.Serialize(order));
        Assert.Equal(order, JsonSerializer.Deserialize<Order>(Wire));
        Assert.Equal(order, JsonSerializer.Deserialize<Order>(Wire, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    private static KafkaEvent<Order> Event(long offset, OrderState orderState) =>
        new(offset, Now, new Order("o-1", 7, orderState, Product.Stockings, 2, 12.50m));
}
