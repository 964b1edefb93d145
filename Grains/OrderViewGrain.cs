using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Grains;

/// <summary>Keeps one order's view, persisted in the <c>views</c> grain storage, and aggregates its validations.</summary>
public sealed partial class OrderViewGrain(
    [PersistentState("view", "views")] IPersistentState<OrderViewState> state,
    IKafkaPublisher publisher,
    ILogger<OrderViewGrain> logger) : Grain, IOrderView
{
    private readonly ViewWaiters _waiters = new();

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Order> batch)
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= state.State.Apply(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return CompleteAsync(changed);
    }

    /// <inheritdoc />
    public Task ApplyValidationsAsync(KafkaEventBatch<OrderValidation> batch)
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= state.State.ApplyValidation(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return CompleteAsync(changed);
    }

    /// <inheritdoc />
    public Task ApplyPaymentAsync(KafkaPosition position, string logId, Payment payment) =>
        CompleteAsync(state.State.ApplyPayment(position, payment, logId));

    /// <inheritdoc />
    public Task<OrderSnapshot?> GetAsync() => Task.FromResult(state.State.ToSnapshot());

    /// <inheritdoc />
    public async Task<ViewWaitResult<OrderSnapshot>> WaitAsync(OrderWaitCondition until, KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.OrderViewTopics);
        var satisfied = await _waiters.WaitAsync(
            () => (after is null || state.State.HasApplied(after)) && state.State.Order switch
            {
                null => false,
                { State: OrderState.Created } => until == OrderWaitCondition.Present,
                _ => true,
            },
            ViewWaits.Clamp(timeout));
        return new ViewWaitResult<OrderSnapshot>(satisfied, state.State.ToSnapshot());
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_waiters.Count);

    private async Task CompleteAsync(bool changed)
    {
        if (!changed)
        {
            return;
        }

        if (state.State.PendingDecision() is { } decided && state.State.Order is { } order)
        {
            // Published before the decision is stored: a crash in between publishes again (consumers see the
            // same order version twice, harmlessly), whereas the other way round could lose the decision.
            await state.RunOrRevertAsync(this, () => publisher.PublishAsync(Topics.Orders, order.Id, order with { State = decided }));
            state.State.Decision = decided;
            LogDecided(logger, order.Id, decided);
        }

        // Durable before returning: the provider commits the batch's offsets once this call completes. A failed
        // write reverts the in-memory state, so the redelivered batch is applied again rather than skipped.
        await state.WriteOrRevertAsync(this);
        _waiters.Notify();
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "Order {OrderId} republished as {State}")]
    private static partial void LogDecided(ILogger logger, string orderId, OrderState state);
}
