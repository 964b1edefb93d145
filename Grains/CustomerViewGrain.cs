using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>One customer's view and fraud check, persisted in the <c>views</c> grain storage.</summary>
public sealed class CustomerViewGrain(
    [PersistentState("customer", "views")] IPersistentState<CustomerState> state) : Grain, ICustomerView
{
    private readonly ViewWaiters _waiters = new();

    // Keys that are not numbers get a view that is never found; the gateway rejects them before asking.
    private long CustomerId => long.TryParse(this.GetPrimaryKeyString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : -1;

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Customer> batch)
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= state.State.ApplyProfile(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return SaveAsync(changed);
    }

    /// <inheritdoc />
    public async Task<OrderValidationResult?> ApplyOrderAsync(Order order, KafkaPosition position, string logId, DateTimeOffset timestamp)
    {
        var (verdict, changed) = state.State.ApplyOrder(order, position, timestamp, logId);
        await SaveAsync(changed);
        return verdict;
    }

    /// <inheritdoc />
    public Task<CustomerSnapshot?> GetAsync() => Task.FromResult(state.State.ToSnapshot(CustomerId));

    /// <inheritdoc />
    public async Task<ViewWaitResult<CustomerSnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.CustomerViewTopics);
        var satisfied = await _waiters.WaitAsync(
            () => state.State.ToSnapshot(CustomerId) is not null && (after is null || state.State.HasApplied(after)),
            ViewWaits.Clamp(timeout));
        return new ViewWaitResult<CustomerSnapshot>(satisfied, state.State.ToSnapshot(CustomerId));
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_waiters.Count);

    private async Task SaveAsync(bool changed)
    {
        if (!changed)
        {
            return;
        }

        // Durable before answering: a verdict the caller publishes must be the one a retry gets again.
        await state.WriteOrRevertAsync(this);
        _waiters.Notify();
    }
}
