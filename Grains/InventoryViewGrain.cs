using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Grains;

/// <summary>One product's inventory and the inventory check, persisted in the <c>views</c> grain storage.</summary>
/// <remarks>
/// Placed with its <c>inventory-requests</c> partition, which carries every order of the product: that delivery is
/// a local call, while stock reports (rare) and queries come from wherever they are.
/// </remarks>
[KafkaPartitionPlacement(Topics.InventoryRequests)]
public sealed partial class InventoryViewGrain : Grain, IInventoryView, IInventoryRequests
{
    private readonly ViewKeeper<InventoryState> _view;
    private readonly IKafkaPublisher _publisher;
    private readonly ILogger<InventoryViewGrain> _logger;

    /// <summary>Creates the grain over its persisted state.</summary>
    public InventoryViewGrain(
        [PersistentState("inventory", "views")] IPersistentState<InventoryState> state,
        IKafkaLogResetReporter logResets,
        IKafkaPublisher publisher,
        ILogger<InventoryViewGrain> logger)
    {
        _view = new(state, this, logResets, s => [s.Offsets]);
        _publisher = publisher;
        _logger = logger;
    }

    private Product Product => ProductNames.TryParse(this.GetEntityKey(), out var product)
        ? product
        : throw new InvalidOperationException($"'{this.GetEntityKey()}' is not a product.");

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
    public async Task ApplyAsync(KafkaEventBatch<InventoryRequest> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _view.ApplyAsync(() =>
        {
            var changed = _view.State.UpgradeFromPerOrderMaps();
            var state = _view.State;
            foreach (var @event in batch.Events)
            {
                var request = @event.Value;
                var (decision, applied) = state.Apply(Product, request);
                changed |= applied;
                if (decision is null)
                {
                    continue;
                }

                if (decision.Reason is { } reason)
                {
                    LogFailed(_logger, request.OrderId, reason);
                }

                state.Outbox.Add(new OrderValidation(request.OrderId, OrderValidationType.InventoryCheck, decision.Result, decision.Reason));
            }

            return changed;
        });
        await VerdictOutbox.PublishAsync(_view.State.Outbox, _publisher);
    }

    /// <inheritdoc />
    public Task ReleaseAsync(string orderId, int quantity) => ApplyAsync(state => state.Release(orderId, quantity));

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
