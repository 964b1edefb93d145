using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Grains;

/// <summary>One product's inventory and the inventory check, persisted in the <c>views</c> grain storage.</summary>
public sealed partial class InventoryViewGrain(
    [PersistentState("inventory", "views")] IPersistentState<InventoryState> state,
    ILogger<InventoryViewGrain> logger) : Grain, IInventoryView
{
    private readonly ViewWaiters _waiters = new();

    private Product Product => ProductNames.TryParse(this.GetPrimaryKeyString(), out var product)
        ? product
        : throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a product.");

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Inventory> batch)
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= state.State.ApplyStock(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return SaveAsync(changed);
    }

    /// <inheritdoc />
    public async Task<InventoryDecision> ReserveAsync(string orderId, int quantity, KafkaPosition position, string logId)
    {
        var (decision, decided) = state.State.Reserve(Product, orderId, quantity);
        var changed = state.State.MarkRouted(position, logId) | decided;
        if (decided && decision.Reason is { } reason)
        {
            LogFailed(logger, orderId, reason);
        }

        await SaveAsync(changed);
        return decision;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string orderId, KafkaPosition position, string logId) =>
        SaveAsync(state.State.Release(orderId) | state.State.MarkRouted(position, logId));

    /// <inheritdoc />
    public Task<InventorySnapshot?> GetAsync() => Task.FromResult(state.State.ToSnapshot(Product));

    /// <inheritdoc />
    public async Task<ViewWaitResult<InventorySnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.InventoryViewTopics);
        var satisfied = await _waiters.WaitAsync(
            () => state.State.Stock is not null && (after is null || state.State.HasApplied(after)),
            ViewWaits.Clamp(timeout));
        return new ViewWaitResult<InventorySnapshot>(satisfied, state.State.ToSnapshot(Product));
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_waiters.Count);

    private async Task SaveAsync(bool changed)
    {
        if (!changed)
        {
            return;
        }

        // Durable before answering: a reservation the caller was told about must survive a crash.
        await state.WriteOrRevertAsync(this);
        _waiters.Notify();
    }

    // One line per order checked: Debug, so a busy shop does not flood the log (the verdict is on order-validations).
    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Inventory check failed order {OrderId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string orderId, string reason);
}
