using ActorViews.Streaming.Kafka;

namespace ActorViews.Ingest;

/// <summary>The benchmark's durable view: fed by the delivery engine, its state kept in PostgreSQL.</summary>
public interface IDurableBenchView : IKafkaView<BenchOrder>;

/// <summary>What the durable view persists: the last order, how many were applied, and the offsets applied.</summary>
[GenerateSerializer]
public sealed class DurableBenchState
{
    [Id(0)]
    public BenchOrder? Last { get; set; }

    [Id(1)]
    public long Count { get; set; }

    /// <summary>Written with the view, so a redelivered batch is recognised and not counted twice.</summary>
    [Id(2)]
    public AppliedOffsets Offsets { get; set; } = new();
}

/// <summary>
/// The same view as <see cref="BenchViewGrain"/>, persisted the way the project's views are: the batch's new
/// events are applied and written once per batch (one write per key per batch, however many events it holds)
/// together with their offsets, before the call returns and the provider may commit.
/// </summary>
internal sealed class DurableBenchViewGrain(
    [PersistentState("view", DurableBenchStorage.Name)] IPersistentState<DurableBenchState> state,
    IKafkaLogResetReporter logResets) : Grain, IDurableBenchView
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        BenchCounters.AddActivation();
        return Task.CompletedTask;
    }

    public async Task ApplyAsync(KafkaEventBatch<BenchOrder> batch)
    {
        var applied = 0;
        await state.ApplyOrRevertAsync(this, () =>
        {
            var fresh = state.State.Offsets.TakeNew(batch);
            if (fresh.Count > 0)
            {
                state.State.Last = fresh[^1].Value;
                state.State.Count += fresh.Count;
            }

            applied = fresh.Count;
            return Task.FromResult(applied > 0);
        });

        state.State.Offsets.ReportLogResets(logResets);

        // Counted once stored: the pass ends when every event is durable, not merely applied in memory.
        BenchCounters.AddApplied(applied);
    }

    public override string ToString() => $"{state.State.Last?.Id}: {state.State.Count}";
}
