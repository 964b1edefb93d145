using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Grains;

/// <summary>One product's inventory and the inventory check, persisted in the <c>views</c> grain storage.</summary>
public sealed partial class InventoryViewGrain : Grain, IInventoryView
{
    private readonly ViewKeeper<InventoryState> _view;
    private readonly ILogger<InventoryViewGrain> _logger;

    /// <summary>Creates the grain over its persisted state.</summary>
    public InventoryViewGrain(
        [PersistentState("inventory", "views")] IPersistentState<InventoryState> state,
        IKafkaLogResetReporter logResets,
        ILogger<InventoryViewGrain> logger)
    {
        _view = new(state, this, logResets, s => [s.Offsets]);
        _logger = logger;
    }

    private Product Product => ProductNames.TryParse(this.GetPrimaryKeyString(), out var product)
        ? product
        : throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a product.");

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Inventory> batch) => _view.ApplyAsync(() =>
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= _view.State.ApplyStock(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return changed;
    });

    /// <inheritdoc />
    public async Task<InventoryDecision> ReserveAsync(string orderId, int quantity, KafkaPosition position, string logId)
    {
        // Durable before answering: a reservation the caller was told about must survive a crash.
        InventoryDecision? decision = null;
        await _view.ApplyAsync(() =>
        {
            (decision, var decided) = _view.State.Reserve(Product, orderId, quantity);
            if (decided && decision.Reason is { } reason)
            {
                LogFailed(_logger, orderId, reason);
            }

            return _view.State.MarkRouted(position, logId) | decided;
        });
        return decision!;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string orderId, KafkaPosition position, string logId) =>
        _view.ApplyAsync(() => _view.State.Release(orderId) | _view.State.MarkRouted(position, logId));

    /// <inheritdoc />
    public Task<InventorySnapshot?> GetAsync() => Task.FromResult(_view.State.ToSnapshot(Product));

    /// <inheritdoc />
    public Task<ViewWaitResult<InventorySnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.InventoryViewTopics);
        return _view.WaitAsync(
            () => _view.State.Stock is not null && (after is null || _view.State.HasApplied(after)),
            () => _view.State.ToSnapshot(Product),
            timeout);
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_view.WaiterCount);

    // One line per order checked: Debug, so a busy shop does not flood the log (the verdict is on order-validations).
    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Inventory check failed order {OrderId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string orderId, string reason);
}
