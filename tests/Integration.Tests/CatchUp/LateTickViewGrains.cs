using ActorViews.Integration.Tests.Cluster;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Integration.Tests.CatchUp;

/// <summary>
/// Holds the late view's events of some keys back, as a store that times out would, so a test can stop a silo
/// while the view is midway through its catch-up. The silos run in the test's process.
/// </summary>
public static class LateTickGate
{
    private static string[] _held = [];

    public static IReadOnlyCollection<string> HeldKeys
    {
        get => Volatile.Read(ref _held);
        set => Volatile.Write(ref _held, [.. value]);
    }
}

public sealed class LateTickViewGrain([PersistentState("late-ledger", ClusterFixture.Storage)] IPersistentState<TickLedger> ledger) : Grain, ILateTickView
{
    public Task ApplyAsync(KafkaEventBatch<Tick> batch)
    {
        if (LateTickGate.HeldKeys.Contains(this.GetPrimaryKeyString()))
        {
            // A failure of the infrastructure's kind: retried while the silo owns the partition, never dead-lettered.
            throw new TimeoutException($"The late view holds {this.GetPrimaryKeyString()} back.");
        }

        return TickLedgers.ApplyAsync(this, ledger, batch);
    }

    public Task<TickLedger> GetAsync() => Task.FromResult(ledger.State);
}

public sealed class TailTickViewGrain([PersistentState("tail-ledger", ClusterFixture.Storage)] IPersistentState<TickLedger> ledger) : Grain, ITailTickView
{
    public Task ApplyAsync(KafkaEventBatch<Tick> batch) => TickLedgers.ApplyAsync(this, ledger, batch);

    public Task<TickLedger> GetAsync() => Task.FromResult(ledger.State);
}

internal static class TickLedgers
{
    public static Task ApplyAsync(Grain grain, IPersistentState<TickLedger> ledger, KafkaEventBatch<Tick> batch) =>
        ledger.ApplyOrRevertAsync(grain, () =>
        {
            foreach (var e in batch.Events)
            {
                ledger.State.Apply(batch.Topic, batch.Partition, e.Offset, e.Value, batch.LogId);
            }

            return Task.FromResult(true);
        });
}
