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

        try
        {
            // Durable before returning: the provider commits the batch's offsets once this call completes.
            await state.WriteStateAsync();
        }
        catch
        {
            // The in-memory state is now ahead of storage; left as is, the retried batch would be skipped as
            // already applied and never persisted. A fresh activation reloads what storage really holds.
            DeactivateOnIdle();
            throw;
        }
    }

    /// <inheritdoc />
    public Task<OrderSnapshot?> GetAsync() => Task.FromResult(state.State.ToSnapshot());
}
