using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public sealed class KeyedSequencerTests
{
    [Fact]
    public async Task A_keys_work_starts_only_after_its_earlier_work_finished()
    {
        var sequencer = new KeyedSequencer();
        var first = new Work();
        var second = new Work();

        _ = sequencer.Enqueue("k", first);
        var secondDone = sequencer.Enqueue("k", second);

        Assert.True(first.Started, "The first work of a key should start at once.");
        Assert.False(second.Started, "The second work of a key must wait for the first to finish.");

        first.Finish();
        second.Finish();
        await Deadline.Within(secondDone, Deadline.Default, "the second work to run after the first finished");
        Assert.True(second.Started);
    }

    [Fact]
    public void Work_of_other_keys_does_not_wait()
    {
        var sequencer = new KeyedSequencer();
        var blocked = new Work();
        var other = new Work();

        _ = sequencer.Enqueue("a", blocked);
        _ = sequencer.Enqueue("b", other);

        Assert.True(other.Started, "Work of key b must not wait for unfinished work of key a.");
    }

    [Fact]
    public async Task Finished_keys_are_swept_so_the_table_stays_near_the_work_in_flight()
    {
        var sequencer = new KeyedSequencer();
        var inFlight = new Work();
        _ = sequencer.Enqueue("busy", inFlight);

        for (var i = 0; i < 100_000; i++)
        {
            _ = sequencer.Enqueue($"k{i}", Work.Done);
        }

        Assert.InRange(sequencer.TrackedKeys, 1, 2048);

        // The sweep must not lose the unfinished key's place in line.
        var next = new Work();
        var nextDone = sequencer.Enqueue("busy", next);
        Assert.False(next.Started, "Work of a key still in flight must wait even after a sweep.");
        inFlight.Finish();
        next.Finish();
        await Deadline.Within(nextDone, Deadline.Default, "the waiting work to run once the key's earlier work finished");
    }

    private sealed class Work : ISequencedWork
    {
        private readonly TaskCompletionSource _finish = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static Work Done { get; } = Completed();

        public bool Started { get; private set; }

        public Task RunAsync()
        {
            Started = true;
            return _finish.Task;
        }

        public void Finish() => _finish.TrySetResult();

        private static Work Completed()
        {
            var work = new Work();
            work.Finish();
            return work;
        }
    }
}
