using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>Keeps one order's view, persisted in the <c>views</c> grain storage.</summary>
public sealed class OrderViewGrain(
    [PersistentState("view", "views")] IPersistentState<OrderViewState> state) : Grain, IOrderView
{
    /// <inheritdoc />
    public async Task ApplyAsync(KafkaEventBatch<Order> batch)
    {
        var changed = false;
        foreach (var @event in batch.Events)
        {
            changed |= state.State.Apply(batch.Topic, batch.Partition, @event);
        }

        if (!changed)
        {
            return;
        }

        // Durable before returning: the provider commits the batch's offsets once this call completes. A failed
        // write reverts the in-memory state, so the redelivered batch is applied again rather than skipped.
        await state.WriteOrRevertAsync(this);
    }

    /// <inheritdoc />
    public Task<OrderSnapshot?> GetAsync() => Task.FromResult(state.State.ToSnapshot());
}
