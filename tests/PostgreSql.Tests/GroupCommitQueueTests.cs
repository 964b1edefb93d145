using System.Collections.Concurrent;
using ActorViews.Tests.Shared;

namespace ActorViews.PostgreSql.Tests;

/// <summary>The group-commit queue is bounded: a write beyond it waits for a place, and nothing is lost or refused.</summary>
public sealed class GroupCommitQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_write_beyond_a_full_queue_waits_for_a_place_then_goes_with_the_next_batch()
    {
        var firstBatchMayFinish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batchSizes = new ConcurrentQueue<int>();
        var queue = new GroupCommitQueue(
            new PostgresGroupCommitOptions { MaxBatchSize = 10, MaxQueuedWrites = 2, MaxConcurrentBatches = 1 },
            async batch =>
            {
                batchSizes.Enqueue(batch.Count);
                await firstBatchMayFinish.Task;
                foreach (var write in batch)
                {
                    write.Complete(1);
                }
            });
        queue.Start();

        var writes = Enumerable.Range(0, 4).Select(i => new PendingWrite(new GrainStateKey("tally", 0, 0, $"q{i}"), null, new byte[] { 1 })).ToList();
        await queue.EnqueueAsync(writes[0]);
        await Deadline.Until(() => batchSizes.Count == 1, Timeout, "the first write to be taken into a batch");
        await queue.EnqueueAsync(writes[1]);
        await queue.EnqueueAsync(writes[2]);

        var waiting = queue.EnqueueAsync(writes[3]);
        Assert.False(waiting.IsCompleted, "a third write behind a batch in flight should wait for a place in a queue of two");

        firstBatchMayFinish.SetResult();
        await Deadline.Within(waiting, Timeout, "the waiting write to find a place once the batch in flight was written");
        await Deadline.Within(Task.WhenAll(writes.Select(w => w.Outcome)), Timeout, "every write, the waiting one too, to be written");
        Assert.Equal(4, batchSizes.Sum());
        Assert.Equal(1, batchSizes.First());

        await queue.StopAsync();
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.EnqueueAsync(new PendingWrite(writes[0].Key, 1, new byte[] { 1 })));
    }
}
