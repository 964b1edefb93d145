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

    // A record of the previous version may be read at any time (activation, or a reload after a failed write).
    private CustomerState State
    {
        get
        {
            _view.State.UpgradeFromPerOrderMaps();
            return _view.State;
        }
    }

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Customer> batch) => ApplyAsync(state =>
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= state.ApplyProfile(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return changed;
    });

    /// <inheritdoc />
    public async Task<OrderValidationResult?> ApplyOrderAsync(Order order, KafkaPosition position, string logId, DateTimeOffset timestamp)
    {
        // Durable before answering: a verdict the caller publishes must be the one a retry gets again.
        OrderValidationResult? verdict = null;
        await ApplyAsync(state =>
        {
            var now = _clock.GetUtcNow();
            (verdict, var changed) = state.ApplyOrder(order, position, FraudSessions.EventTime(timestamp, now), now, logId);
            return changed;
        });
        return verdict;
    }

    /// <inheritdoc />
    public Task ConfirmRecordedAsync(string orderId)
    {
        // Not written now: an event that comes back with a reload is forgotten when it expires.
        State.Confirm(orderId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<CustomerSnapshot?> GetAsync() => Task.FromResult(State.ToSnapshot(CustomerId));

    /// <inheritdoc />
    public Task<ViewWaitResult<CustomerSnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.CustomerViewTopics);
        return _view.WaitAsync(
            () => State.ToSnapshot(CustomerId) is not null && (after is null || State.HasApplied(after)),
            () => State.ToSnapshot(CustomerId),
            timeout);
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_view.WaiterCount);

    private Task ApplyAsync(Func<CustomerState, bool> apply) => _view.ApplyAsync(() => _view.State.UpgradeFromPerOrderMaps() | apply(_view.State));
}
