using ActorViews.Grains;
using Confluent.Kafka;

namespace ActorViews.Serve;

/// <summary>What the broker holds of the workflow's topics: messages written, and whether any were dropped.</summary>
internal static class LogWatermarks
{
    /// <summary>
    /// Per topic of <see cref="Topics.All"/> and their dead-letter twins: the sum of the partitions' high
    /// watermarks (messages ever written) and whether some partition no longer starts at 0.
    /// </summary>
    public static IReadOnlyDictionary<string, (long Written, bool Truncated)> Read(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-watermarks" }).Build();
        var result = new Dictionary<string, (long, bool)>(StringComparer.Ordinal);
        foreach (var topic in Topics.All.SelectMany(t => new[] { t, t + ".dlq" }))
        {
            long written = 0;
            var truncated = false;
            for (var p = 0; p < OrderLog.Partitions; p++)
            {
                var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30));
                written += marks.High.Value;
                truncated |= marks.Low.Value != 0;
            }

            result[topic] = (written, truncated);
        }

        return result;
    }
}
