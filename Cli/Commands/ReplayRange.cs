using ActorViews.Cli.CommandLine;
using Confluent.Kafka;

namespace ActorViews.Cli.Commands;

/// <summary>The offsets of one dead-letter partition a replay reads: from <see cref="Start"/> up to, not including, <see cref="End"/>.</summary>
/// <param name="Partition">The dead-letter topic's partition.</param>
/// <param name="Start">The first offset to read.</param>
/// <param name="End">The partition's end when the run started, or the offset after <c>--until-offset</c>.</param>
internal sealed record ReplayRange(TopicPartition Partition, Offset Start, Offset End)
{
    public bool IsEmpty => Start >= End;

    /// <summary>What each selected partition of the dead-letter topic is read from and up to.</summary>
    public static IReadOnlyList<ReplayRange> Plan(IConsumer<byte[]?, byte[]?> consumer, ReplayOptions options, TimeSpan timeout)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var topic = admin.GetMetadata(options.Topic, timeout).Topics.SingleOrDefault(t => t.Topic == options.Topic);
        if (topic is null || topic.Error.IsError || topic.Partitions.Count == 0)
        {
            throw new InvalidOperationException($"cannot read topic '{options.Topic}': {(topic?.Error.IsError == true ? topic.Error.Reason : "the broker lists no partitions of it")}.");
        }

        var partitions = topic.Partitions.Select(p => p.PartitionId).Order().ToList();
        if (options.Partition is { } only)
        {
            partitions = partitions.Contains(only)
                ? [only]
                : throw new UsageException($"Option '--partition': topic '{options.Topic}' has partitions {partitions[0]} to {partitions[^1]}, not {only}.");
        }

        var selected = partitions.Select(p => new TopicPartition(options.Topic, p)).ToList();
        var committed = consumer.Committed(selected, timeout).ToDictionary(c => c.TopicPartition, c => c.Offset);
        return selected.Select(partition =>
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, timeout);
            var position = committed.GetValueOrDefault(partition, Offset.Unset);
            var start = options.FromOffset is { } from ? new Offset(from) : position == Offset.Unset ? watermarks.Low : position;
            var end = options.UntilOffset is { } until ? new Offset(Math.Min(until + 1, watermarks.High.Value)) : watermarks.High;

            // Offsets below the low watermark were deleted by retention; reading starts at the first one kept.
            return new ReplayRange(partition, start < watermarks.Low ? watermarks.Low : start, end);
        }).ToList();
    }
}
