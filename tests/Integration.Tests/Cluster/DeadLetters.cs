using System.Text;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>Reads dead-lettered messages the way an operator would: a plain consumer on the dead-letter topic.</summary>
internal static class DeadLetters
{
    public sealed record Letter(string Key, string Value, IReadOnlyDictionary<string, string> Headers);

    /// <summary>The first dead letter of <paramref name="key"/> on <paramref name="topic"/>, waiting up to <paramref name="timeout"/>.</summary>
    public static Letter Read(string bootstrapServers, string topic, string key, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "dead-letter-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.Message.Key == key)
            {
                var headers = result.Message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));
                return new Letter(result.Message.Key, result.Message.Value, headers);
            }
        }

        throw new TimeoutException($"Expected within {timeout.TotalSeconds:0}s: a dead letter of key {key} on {topic}.");
    }

    /// <summary>Every dead letter of <paramref name="key"/> now on <paramref name="topic"/>: each partition read to its end.</summary>
    public static IReadOnlyList<Letter> ReadAll(string bootstrapServers, string topic, int partitions, string key, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "dead-letter-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
        }).Build();
        var letters = new List<Letter>();
        for (var partition = 0; partition < partitions; partition++)
        {
            var source = new TopicPartition(topic, partition);
            var end = consumer.QueryWatermarkOffsets(source, timeout).High.Value;
            consumer.Assign(new TopicPartitionOffset(source, Offset.Beginning));
            var deadline = DateTime.UtcNow + timeout;
            for (var next = 0L; next < end;)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Expected within {timeout.TotalSeconds:0}s: {topic}-{partition} read to its end at {end}; read to {next}.");
                }

                if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result)
                {
                    next = result.Offset.Value + 1;
                    if (result.Message.Key == key)
                    {
                        letters.Add(new Letter(key, result.Message.Value, result.Message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()))));
                    }
                }
            }
        }

        return letters;
    }
}
