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

        var writes = Enumerable.Range(0, 4).Select(i => Write($"q{i}")).ToList();
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
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.EnqueueAsync(Write("after the stop")));
    }

    [Fact]
    public async Task A_batch_whose_writer_throws_fails_its_writes_and_later_batches_still_go()
    {
        var calls = 0;
        var queue = new GroupCommitQueue(
            new PostgresGroupCommitOptions { MaxConcurrentBatches = 1 },
            batch =>
            {
                if (Interlocked.Increment(ref calls) == 1)
                {
                    throw new InvalidOperationException("writer broke");
                }

                foreach (var write in batch)
                {
                    write.Complete(2);
                }

                return Task.CompletedTask;
            });
        queue.Start();

        var first = Write("first");
        await queue.EnqueueAsync(first);
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Deadline.Within(first.Outcome, Timeout, "the first write to fail with its batch"));
        Assert.Equal("writer broke", failure.Message);

        var second = Write("second");
        await queue.EnqueueAsync(second);
        Assert.Equal((int?)2, await Deadline.Within(second.Outcome, Timeout, "a write after the failed batch to be written"));
        await queue.StopAsync();
    }

    private static PendingWrite Write(string key) => new(new GrainStateKey("tally", 0, 0, key), null, new byte[] { 1 });
}
