using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.Views;

/// <summary>
/// A view's apply and write are one unit: whatever throws, the retry finds the events new again. The storage
/// here is a plain in-memory record, which is all the unit needs (the engine's side is in the cluster tests).
/// </summary>
public sealed class ApplyOrRevertTests
{
    [Fact]
    public async Task A_view_whose_logic_throws_after_taking_the_events_applies_them_on_the_retry()
    {
        var state = new StoredState<Ledger>();
        var batch = new KafkaEventBatch<int>("t", 0, [new KafkaEvent<int>(7, DateTimeOffset.UnixEpoch, 42)], "log");
        var failures = 1;

        Task Apply() => state.ApplyOrRevertAsync(new NoGrain(), () =>
        {
            var fresh = state.State.Offsets.TakeNew(batch);
            state.State.Sum += fresh.Sum(e => e.Value);
            if (failures-- > 0)
            {
                throw new InvalidOperationException("the view's own logic failed");
            }

            return Task.FromResult(fresh.Count > 0);
        });

        await Assert.ThrowsAsync<InvalidOperationException>(Apply);
        Assert.Equal((0, (long?)null), (state.State.Sum, state.State.Offsets.Get("t", 0)));

        await Apply();

        Assert.Equal((42, (long?)7), (state.State.Sum, state.State.Offsets.Get("t", 0)));
        Assert.Equal(1, state.Writes);
    }

    [Fact]
    public async Task A_failed_write_puts_the_offsets_and_the_view_back_to_what_is_stored()
    {
        var state = new StoredState<Ledger> { FailWrites = true };
        var batch = new KafkaEventBatch<int>("t", 0, [new KafkaEvent<int>(3, DateTimeOffset.UnixEpoch, 5)], "log");

        var failure = await Assert.ThrowsAsync<ViewPersistenceException>(() => state.ApplyOrRevertAsync(new NoGrain(), () =>
        {
            state.State.Sum += state.State.Offsets.TakeNew(batch).Sum(e => e.Value);
            return Task.FromResult(true);
        }));

        Assert.Contains("disk full", failure.Message, StringComparison.Ordinal);
        Assert.Equal((0, (long?)null), (state.State.Sum, state.State.Offsets.Get("t", 0)));
    }

    [Fact]
    public void An_order_whose_amount_overflows_leaves_the_customer_as_it_was()
    {
        var customer = new CustomerState();
        customer.ApplyOrder(new Order("a", 1, OrderState.Created, Product.Jumpers, 1, 10m), new KafkaPosition(Topics.Orders, 0, 1), DateTimeOffset.UnixEpoch, "log");
        var huge = new Order("b", 1, OrderState.Created, Product.Jumpers, 2, decimal.MaxValue / 1.5m);

        var failure = Assert.Throws<OverflowException>(() => customer.ApplyOrder(huge, new KafkaPosition(Topics.Orders, 0, 2), DateTimeOffset.UnixEpoch, "log"));

        Assert.Contains("2 ×", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["a"], customer.Recent.Select(o => o.Id));
        Assert.False(customer.HasApplied(new KafkaPosition(Topics.Orders, 0, 2)));
        Assert.False(customer.OrderLogs.ContainsKey("b"));
        Assert.Equal(10m, customer.ToSnapshot(1)!.TotalValue);
    }

    [Fact]
    public void An_order_whose_amount_overflows_fails_the_order_details_check_with_the_reason()
    {
        var verdict = OrderDetailsRules.Validate(new Order("b", 1, OrderState.Created, Product.Jumpers, 2, decimal.MaxValue / 1.5m));

        Assert.Equal(OrderValidationResult.Fail, verdict.ValidationResult);
        Assert.Contains("beyond what an amount can hold", verdict.Reason, StringComparison.Ordinal);
    }

    [GenerateSerializer]
    public sealed class Ledger
    {
        [Id(0)]
        public int Sum { get; set; }

        [Id(1)]
        public AppliedOffsets Offsets { get; set; } = new();
    }

    /// <summary>A persistent state over one stored copy: reading replaces the in-memory state with a fresh copy of it.</summary>
    private sealed class StoredState<T> : IPersistentState<T>
        where T : new()
    {
        private string _stored = System.Text.Json.JsonSerializer.Serialize(new T());

        public T State { get; set; } = new();

        public string? Etag => null;

        public bool RecordExists => true;

        public bool FailWrites { get; init; }

        public int Writes { get; private set; }

        public Task ClearStateAsync() => throw new NotSupportedException();

        public Task ReadStateAsync()
        {
            State = System.Text.Json.JsonSerializer.Deserialize<T>(_stored)!;
            return Task.CompletedTask;
        }

        public Task WriteStateAsync()
        {
            if (FailWrites)
            {
                throw new IOException("disk full");
            }

            _stored = System.Text.Json.JsonSerializer.Serialize(State);
            Writes++;
            return Task.CompletedTask;
        }
    }

    /// <summary>Stands in for the grain, which the helper touches only when even the reload fails.</summary>
    private sealed class NoGrain : IGrainBase
    {
        public IGrainContext GrainContext => throw new InvalidOperationException("The reload failed: the test's storage never fails to read.");
    }
}
