using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>One customer's view and fraud check, persisted in the <c>views</c> grain storage.</summary>
public sealed class CustomerViewGrain : Grain, ICustomerView
{
    private readonly ViewKeeper<CustomerState> _view;
    private readonly TimeProvider _clock;

    /// <summary>Creates the grain over its persisted state.</summary>
    public CustomerViewGrain([PersistentState("customer", "views")] IPersistentState<CustomerState> state, TimeProvider clock, IKafkaLogResetReporter logResets)
    {
        _view = new(state, this, logResets, s => [s.Offsets]);
        _clock = clock;
    }

    // Keys that are not numbers get a view that is never found; the gateway rejects them before asking.
    private long CustomerId => long.TryParse(this.GetPrimaryKeyString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : -1;

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Customer> batch) => _view.ApplyAsync(() =>
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= _view.State.ApplyProfile(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return changed;
    });

    /// <inheritdoc />
    public async Task<OrderValidationResult?> ApplyOrderAsync(Order order, KafkaPosition position, string logId, DateTimeOffset timestamp)
    {
        // Durable before answering: a verdict the caller publishes must be the one a retry gets again.
        OrderValidationResult? verdict = null;
        await _view.ApplyAsync(() =>
        {
            var eventTime = FraudSessions.EventTime(timestamp, _clock.GetUtcNow());
            (verdict, var changed) = _view.State.ApplyOrder(order, position, eventTime, logId);
            return changed;
        });
        return verdict;
    }

    /// <inheritdoc />
    public Task<CustomerSnapshot?> GetAsync() => Task.FromResult(_view.State.ToSnapshot(CustomerId));

    /// <inheritdoc />
    public Task<ViewWaitResult<CustomerSnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.CustomerViewTopics);
        return _view.WaitAsync(
            () => _view.State.ToSnapshot(CustomerId) is not null && (after is null || _view.State.HasApplied(after)),
            () => _view.State.ToSnapshot(CustomerId),
            timeout);
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_view.WaiterCount);
}
