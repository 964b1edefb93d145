using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Operations.Status;

/// <summary>
/// Reads the last dead-lettered messages of every topic's dead-letter topic. It reads again only when a
/// dead-letter partition's high watermark moved, so a status page refreshing every two seconds costs one
/// watermark query per partition.
/// </summary>
internal sealed class DeadLetterReader(IOptionsMonitor<KafkaStreamOptions> options) : IDisposable
{
    /// <summary>How many of the newest dead letters are kept.</summary>
    public const int Count = 20;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);
    private readonly Lock _lock = new();
    private Task<IReadOnlyList<DeadLetter>>? _running;
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private IAdminClient? _admin;
    private Dictionary<TopicPartition, long> _readUpTo = [];
    private IReadOnlyList<DeadLetter> _latest = [];

    /// <summary>
    /// The newest dead letters over all dead-letter topics, newest first. Callers that ask while a read runs
    /// share it, as with the partition status.
    /// </summary>
    public Task<IReadOnlyList<DeadLetter>> ReadLatestAsync()
    {
        lock (_lock)
        {
            if (_running is null || _running.IsCompleted)
            {
                // librdkafka blocks the calling thread for each request: a thread of its own, not the pool's.
                _running = Task.Factory.StartNew(Read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            }

            return _running;
        }
    }

    public void Dispose()
    {
        // A read still using the consumer must end first; a read fails within its own timeouts.
        try
        {
            _running?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // Its failure was the page's concern, not shutdown's.
        }

        _consumer?.Close();
        _consumer?.Dispose();
        _admin?.Dispose();
    }

    private IReadOnlyList<DeadLetter> Read()
    {
        var provider = options.Get(SiloNames.KafkaProvider);
        _consumer ??= KafkaAdmin.BuildReader(provider, "actorviews-status-dlq");
        _admin ??= new DependentAdminClientBuilder(_consumer.Handle).Build();

        var highs = new Dictionary<TopicPartition, WatermarkOffsets>();
        foreach (var topic in provider.Topics.Select(t => t.EffectiveDeadLetterTopic).Distinct(StringComparer.Ordinal))
        {
            var metadata = _admin.GetMetadata(topic, Timeout).Topics.SingleOrDefault(t => t.Topic == topic);
            if (metadata is null || metadata.Error.IsError)
            {
                // Not created yet: nothing was dead-lettered there.
                continue;
            }

            foreach (var partition in metadata.Partitions)
            {
                var tp = new TopicPartition(topic, partition.PartitionId);
                highs[tp] = _consumer.QueryWatermarkOffsets(tp, Timeout);
            }
        }

        if (highs.Count == _readUpTo.Count && highs.All(h => _readUpTo.TryGetValue(h.Key, out var read) && read == h.Value.High.Value))
        {
            return _latest;
        }

        _latest = ReadTails(highs, out var complete);

        // A read cut short by the timeout is shown, but read again next time.
        _readUpTo = complete ? highs.ToDictionary(h => h.Key, h => h.Value.High.Value) : [];
        return _latest;
    }

    // The newest Count messages overall are among the newest Count of each partition.
    private List<DeadLetter> ReadTails(Dictionary<TopicPartition, WatermarkOffsets> marks, out bool complete)
    {
        complete = true;
        var starts = marks
            .Where(m => m.Value.High.Value > m.Value.Low.Value)
            .Select(m => new TopicPartitionOffset(m.Key, Math.Max(m.Value.Low.Value, m.Value.High.Value - Count)))
            .ToList();
        var letters = new List<DeadLetter>();
        if (starts.Count == 0)
        {
            return letters;
        }

        var pending = starts.Select(s => s.TopicPartition).ToHashSet();
        _consumer!.Assign(starts);
        try
        {
            var deadline = DateTime.UtcNow + Timeout;
            while (pending.Count > 0 && DateTime.UtcNow < deadline)
            {
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (result is null)
                {
                    continue;
                }

                if (result.IsPartitionEOF || result.Offset.Value + 1 >= marks[result.TopicPartition].High.Value)
                {
                    pending.Remove(result.TopicPartition);
                }

                if (!result.IsPartitionEOF)
                {
                    letters.Add(ToDeadLetter(result));
                }
            }
        }
        finally
        {
            _consumer.Unassign();
        }

        complete = pending.Count == 0;
        return [.. letters.OrderByDescending(l => l.Timestamp).ThenByDescending(l => l.Offset).Take(Count)];
    }

    private static DeadLetter ToDeadLetter(ConsumeResult<byte[]?, byte[]?> result)
    {
        var record = new DeadLetterRecord(result);
        return new(
            result.Topic,
            result.Partition.Value,
            result.Offset.Value,
            record.Timestamp,
            record.Key,
            record.Reason,
            record.SourceTopic,
            record.SourcePartition,
            record.SourceOffset);
    }
}
