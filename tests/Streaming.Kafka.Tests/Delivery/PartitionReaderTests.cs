using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>The partition reader fed by a canned consumer: batches, read failures, the high watermark.</summary>
public sealed class PartitionReaderTests : IDisposable
{
    private readonly CannedConsumer _consumer = new();
    private readonly RecordedLogs _logs = new();
    private readonly PartitionHealth _health;
    private readonly PartitionReader _reader;

    public PartitionReaderTests()
    {
        var options = new KafkaStreamOptions { MaxBatchSize = 4, PollTimeout = TimeSpan.FromMilliseconds(10), RetryBackoff = TimeSpan.FromMilliseconds(10) };
        _health = new PartitionHealth(Canned.Topic, 0, _logs);
        _reader = new PartitionReader(Canned.Topic, 0, _consumer, options, _logs, _health);
    }

    [Fact]
    public async Task Messages_arrive_in_offset_order_in_batches_of_at_most_the_batch_size()
    {
        _consumer.Feed([.. Enumerable.Range(0, 10).Select(i => Canned.Raw(i, $"k{i % 3}"))]);
        _reader.Start();

        var batches = await ReadAsync(10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), batches.SelectMany(b => b).Select(m => m.Offset.Value));
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 4));
    }

    [Fact]
    public async Task A_failed_read_is_logged_and_reading_goes_on()
    {
        _consumer.FailNextRead("broker unreachable");
        _consumer.Feed(Canned.Raw(0, "a"), Canned.Raw(1, "b"));
        _reader.Start();

        var batches = await ReadAsync(2);

        Assert.Equal([0L, 1L], batches.SelectMany(b => b).Select(m => m.Offset.Value));
        var failure = Assert.Single(_logs.WithEventId(1100));
        Assert.Contains($"Reading {Canned.Topic}-0 failed: broker unreachable", failure.Message, StringComparison.Ordinal);

        // The partition was visibly read-failing, and is reading again.
        Assert.Contains(_logs.WithEventId(1130), e => e.Message.Contains("ReadFailing", StringComparison.Ordinal) && e.Message.Contains("broker unreachable", StringComparison.Ordinal));
        await Deadline.Until(() => _health.Current.Condition == PartitionCondition.Reading, Deadline.Default, "the partition to be reading again");
        Assert.Single(_logs.WithEventId(1131));
    }

    [Fact]
    public async Task With_nobody_taking_batches_the_reader_stops_consuming_two_batches_ahead()
    {
        _consumer.Feed([.. Enumerable.Range(0, 20).Select(i => Canned.Raw(i, "k"))]);
        _reader.Start();

        // Two batches wait in the channel and a third waits to be written: 12 of 20 consumed, then the reader blocks.
        await Deadline.Until(() => _consumer.Unread == 8, Deadline.Default, () => $"the reader to consume 3 batches of 4 and wait; {_consumer.Unread} unread");
        var first = await _reader.Batches.ReadAsync();
        await Deadline.Until(() => _consumer.Unread == 4, Deadline.Default, () => $"one more batch consumed once one was taken; {_consumer.Unread} unread");

        Assert.Equal([0L, 1L, 2L, 3L], first.Select(m => m.Offset.Value));
    }

    [Fact]
    public void The_high_watermark_follows_the_consumers_fetch_state_and_keeps_the_last_known()
    {
        Assert.Equal(-1, _reader.HighWatermark);

        _consumer.HighWatermark = 42;
        _reader.RefreshHighWatermark();
        Assert.Equal(42, _reader.HighWatermark);

        _consumer.HighWatermark = null;
        _reader.RefreshHighWatermark();
        Assert.Equal(42, _reader.HighWatermark);
    }

    public void Dispose()
    {
        _reader.Stop();
        Assert.True(_reader.Join(Deadline.Default), "the reader thread should end once stopped");
        _reader.Dispose();
    }

    private async Task<List<List<ConsumeResult<byte[]?, byte[]?>>>> ReadAsync(int count)
    {
        var batches = new List<List<ConsumeResult<byte[]?, byte[]?>>>();
        using var timeout = new CancellationTokenSource(Deadline.Default);
        while (batches.Sum(b => b.Count) < count)
        {
            batches.Add(await _reader.Batches.ReadAsync(timeout.Token));
        }

        return batches;
    }
}
