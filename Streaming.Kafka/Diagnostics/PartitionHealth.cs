using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>
/// The conditions one partition's receiver is in, kept across its pumps: the reader, the committer and the
/// receiver enter and leave them; the worst one is reported (status, gauge). Entering a condition logs one
/// warning, leaving it one information line, however often the parts report it meanwhile.
/// </summary>
internal sealed partial class PartitionHealth(string topic, int partition, ILogger logger)
{
    private readonly Lock _lock = new();
    private readonly (DateTimeOffset Since, string Reason)?[] _active = new (DateTimeOffset, string)?[Enum.GetValues<PartitionCondition>().Length];
    private readonly DateTimeOffset _created = DateTimeOffset.UtcNow;
    private int _activeCount;

    public TagList Tags { get; } = KafkaStreamMetrics.Tags(topic, partition);

    /// <summary>The worst condition now, since when and why.</summary>
    public KafkaPartitionHealth Current
    {
        get
        {
            lock (_lock)
            {
                for (var condition = _active.Length - 1; condition > 0; condition--)
                {
                    if (_active[condition] is { } state)
                    {
                        return new KafkaPartitionHealth(topic, partition, (PartitionCondition)condition, state.Since, state.Reason);
                    }
                }

                return new KafkaPartitionHealth(topic, partition, PartitionCondition.Reading, _created, null);
            }
        }
    }

    /// <summary>Enters <paramref name="condition"/> (logged once), or keeps it with a fresher reason.</summary>
    public void Enter(PartitionCondition condition, string reason, DateTimeOffset? since = null)
    {
        bool entered;
        DateTimeOffset from;
        lock (_lock)
        {
            entered = _active[(int)condition] is null;
            from = entered ? since ?? DateTimeOffset.UtcNow : _active[(int)condition]!.Value.Since;
            _active[(int)condition] = (from, reason);
            _activeCount += entered ? 1 : 0;
        }

        if (entered)
        {
            LogEntered(logger, topic, partition, condition, from, reason);
        }
    }

    /// <summary>Leaves <paramref name="condition"/> (logged once); cheap when not in it.</summary>
    public void Leave(PartitionCondition condition)
    {
        if (Volatile.Read(ref _activeCount) == 0)
        {
            return;
        }

        DateTimeOffset since;
        lock (_lock)
        {
            if (_active[(int)condition] is not { } state)
            {
                return;
            }

            since = state.Since;
            _active[(int)condition] = null;
            _activeCount--;
        }

        LogLeft(logger, topic, partition, condition, DateTimeOffset.UtcNow - since);
    }

    [LoggerMessage(EventId = 1130, Level = LogLevel.Warning, Message = "Partition {Topic}-{Partition} is {Condition} since {Since:O}: {Reason}")]
    private static partial void LogEntered(ILogger logger, string topic, int partition, PartitionCondition condition, DateTimeOffset since, string reason);

    [LoggerMessage(EventId = 1131, Level = LogLevel.Information, Message = "Partition {Topic}-{Partition} is no longer {Condition}, after {Duration}")]
    private static partial void LogLeft(ILogger logger, string topic, int partition, PartitionCondition condition, TimeSpan duration);
}
