using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Grains;

/// <summary>One product's inventory and the inventory check, persisted in the <c>views</c> grain storage.</summary>
public sealed partial class InventoryViewGrain : Grain, IInventoryView
{
    private readonly ViewKeeper<InventoryState> _view;
    private readonly TimeProvider _clock;
    private readonly ILogger<InventoryViewGrain> _logger;

    /// <summary>Creates the grain over its persisted state.</summary>
    public InventoryViewGrain(
        [PersistentState("inventory", "views")] IPersistentState<InventoryState> state,
        IKafkaLogResetReporter logResets,
        TimeProvider clock,
        ILogger<InventoryViewGrain> logger)
    {
        _view = new(state, this, logResets, s => [s.Offsets]);
        _clock = clock;
        _logger = logger;
    }

    private Product Product => ProductNames.TryParse(this.GetPrimaryKeyString(), out var product)
        ? product
        : throw new InvalidOperationException($"'{this.GetPrimaryKeyString()}' is not a product.");

    // A record of the previous version may be read at any time (activation, or a reload after a failed write).
    private InventoryState State
    {
        get
        {
            _view.State.UpgradeFromPerOrderMaps();
            return _view.State;
        }
    }

    /// <inheritdoc />
    public Task ApplyAsync(KafkaEventBatch<Inventory> batch) => ApplyAsync(state =>
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= state.ApplyStock(batch.Topic, batch.Partition, @event, batch.LogId);
        }

        return changed;
    });

    /// <inheritdoc />
    public async Task<InventoryDecision> ReserveAsync(string orderId, int quantity, KafkaPosition position, string logId)
    {
        // Durable before answering: a reservation the caller was told about must survive a crash.
        InventoryDecision? decision = null;
        await ApplyAsync(state =>
        {
            (decision, var decided) = state.Reserve(Product, orderId, quantity, _clock.GetUtcNow());
            if (decided && decision.Reason is { } reason)
            {
                LogFailed(_logger, orderId, reason);
            }

            return state.MarkRouted(position, logId) | decided;
        });
        return decision!;
    }

    /// <inheritdoc />
    public Task ConfirmRecordedAsync(string orderId)
    {
        // Not written now: a verdict that comes back with a reload is dropped when it expires.
        State.Confirm(orderId);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string orderId, int quantity) => ApplyAsync(state => state.Release(orderId, quantity));

    /// <inheritdoc />
    public Task RecordOrderEventAsync(KafkaPosition position, string logId) => ApplyAsync(state => state.MarkRouted(position, logId));

    /// <inheritdoc />
    public Task<InventorySnapshot?> GetAsync() => Task.FromResult(State.ToSnapshot(Product));

    /// <inheritdoc />
    public Task<ViewWaitResult<InventorySnapshot>> WaitAsync(KafkaPosition? after, TimeSpan timeout)
    {
        ViewWaits.RequireTopic(after, ViewWaits.InventoryViewTopics);
        return _view.WaitAsync(
            () => State.Stock is not null && (after is null || State.HasApplied(after)),
            () => State.ToSnapshot(Product),
            timeout);
    }

    /// <inheritdoc />
    public Task<int> GetWaiterCountAsync() => Task.FromResult(_view.WaiterCount);

    private Task ApplyAsync(Func<InventoryState, bool> apply) => _view.ApplyAsync(() => _view.State.UpgradeFromPerOrderMaps() | apply(_view.State));

    // One line per order checked: Debug, so a busy shop does not flood the log (the verdict is on order-validations).
    [LoggerMessage(EventId = 210, Level = LogLevel.Debug, Message = "Inventory check failed order {OrderId}: {Reason}")]
    private static partial void LogFailed(ILogger logger, string orderId, string reason);
}
