using System.Globalization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>One customer's view and fraud check, persisted in the <c>views</c> grain storage.</summary>
/// <remarks>
/// Placed with its <c>customer-orders</c> partition, which carries every order event of the customer: that
/// delivery is a local call, while profiles and queries come from wherever they are.
/// </remarks>
[KafkaPartitionPlacement(Topics.CustomerOrders)]
public sealed class CustomerViewGrain : Grain, ICustomerView, ICustomerOrders
{
    private readonly ViewKeeper<CustomerState> _view;
    private readonly TimeProvider _clock;
    private readonly IKafkaPublisher _publisher;

    /// <summary>Creates the grain over its persisted state.</summary>
    public CustomerViewGrain(
        [PersistentState("customer", "views")] IPersistentState<CustomerState> state,
        TimeProvider clock,
        IKafkaLogResetReporter logResets,
        IKafkaPublisher publisher)
    {
        _view = new(state, this, logResets, s => [s.Offsets]);
        _clock = clock;
        _publisher = publisher;
    }

    // Keys that are not numbers get a view that is never found; the gateway rejects them before asking.
    private long CustomerId => long.TryParse(this.GetEntityKey(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : -1;

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
    public async Task ApplyAsync(KafkaEventBatch<CustomerOrder> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _view.ApplyAsync(() =>
        {
            var changed = _view.State.UpgradeFromPerOrderMaps();
            var state = _view.State;
            var now = _clock.GetUtcNow();
            foreach (var @event in batch.Events)
            {
                var routed = @event.Value;
                var (verdict, applied) = state.ApplyOrder(routed.Order, routed.Source, FraudSessions.EventTime(routed.EventTime, now), routed.SourceLogId);
                changed |= applied;
                if (verdict is { } result)
                {
                    state.Outbox.Add(new OrderValidation(routed.Order.Id, OrderValidationType.FraudCheck, result));
                }
            }

            return changed;
        });
        await VerdictOutbox.PublishAsync(_view.State.Outbox, _publisher);
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
