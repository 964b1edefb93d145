using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Grains;

/// <summary>Keeps one order's view, persisted in the <c>views</c> grain storage, and aggregates its validations.</summary>
/// <remarks>
/// Placed with its <c>order-validations</c> partition: an order gets its inventory and fraud verdicts there, as many
/// deliveries as its usual events on <c>orders</c> (CREATED and the decision).
/// </remarks>
[KafkaPartitionPlacement(Topics.OrderValidations)]
public sealed partial class OrderViewGrain : Grain, IOrderView
{
    private readonly ViewKeeper<OrderViewState> _view;
    private readonly IKafkaPublisher _publisher;
    private readonly ILogger<OrderViewGrain> _logger;

    /// <summary>Creates the grain over its persisted state.</summary>
    public OrderViewGrain(
        [PersistentState("view", "views")] IPersistentState<OrderViewState> state,
        IKafkaPublisher publisher,
        IKafkaLogResetReporter logResets,
        ILogger<OrderViewGrain> logger)
    {
        _view = new(state, this, logResets, s => [s.Offsets]);
        _publisher = publisher;
        _logger = logger;
    }

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Order> batch) => ApplyThenDecideAsync(() =>
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= _view.State.Apply(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return changed;
    });

    /// <inheritdoc />
    public Task ApplyValidationsAsync(KafkaEventBatch<OrderValidation> batch) => ApplyThenDecideAsync(() =>
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= _view.State.ApplyValidation(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return changed;
    });

    /// <inheritdoc />
    public Task ApplyPaymentAsync(KafkaPosition position, string logId, Payment payment) =>
        ApplyThenDecideAsync(() => _view.State.ApplyPayment(position, payment, logId));

    /// <inheritdoc />
    public Task<OrderSnapshot?> GetAsync() => Task.FromResult(_view.State.ToSnapshot());

    /// <inheritdoc />
    public Task<ViewWaitResult<OrderSnapshot>> WaitAsync(OrderWaitCondition until, KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.OrderViewTopics);
        return _view.WaitAsync(
            () => (after is null || _view.State.HasApplied(after)) && _view.State.Order switch
            {
                null => false,
                { State: OrderState.Created } => until == OrderWaitCondition.Present,
                _ => true,
            },
            () => _view.State.ToSnapshot(),
            timeout);
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_view.WaiterCount);

    private Task ApplyThenDecideAsync(Func<bool> apply) => _view.ApplyAsync(async () =>
    {
        var reservedBefore = _view.State.PassedInventoryCheck;
        if (!apply())
        {
            return false;
        }

        if (_view.State.Order is not { } order)
        {
            return true;
        }

        // The original example keeps a failed order's reservation forever; give the stock back once. The product's
        // verdict and the other checks' come from different grains, so the order may fail before its reservation's
        // PASS arrives: then the stock goes back when the PASS does, which happens once per stored record. A crash
        // before the record is stored releases again, which the product recognises.
        var decided = _view.State.PendingDecision();
        var failedNow = decided == OrderState.Failed;
        var reservedAfterFailing = _view.State.Decision == OrderState.Failed && !reservedBefore;
        if ((failedNow || reservedAfterFailing) && _view.State.PassedInventoryCheck
            && order.Product is { } product && ProductNames.TryGetName(product, out var name))
        {
            // Before the FAILED order is out, so whoever sees it sees the stock too when the PASS came first.
            await GrainFactory.GetGrain<IInventoryView>(name).ReleaseAsync(order.Id, order.Quantity);
        }

        if (decided is { } state)
        {
            // Published before the decision is stored: a crash in between publishes again (consumers see the
            // same order version twice, harmlessly), whereas the other way round could lose the decision.
            await _publisher.PublishAsync(Topics.Orders, order.Id, order with { State = state });
            _view.State.Decision = state;
            LogDecided(_logger, order.Id, state);
        }

        return true;
    });

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Order {OrderId} republished as {State}")]
    private static partial void LogDecided(ILogger logger, string orderId, OrderState state);
}
