using System.Text;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Replay;

/// <summary>Reads a whole topic the way an operator would check it: a plain consumer, every partition to its end.</summary>
internal static class TopicReader
{
    public sealed record Record(string Position, string Key, string Value, IReadOnlyList<(string Key, string Value)> Headers)
    {
        public string? Header(string key) => Headers.LastOrDefault(h => h.Key == key).Value;
    }

    public static IReadOnlyList<Record> ReadAll(string bootstrapServers, string topic, int partitions, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "topic-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(Enumerable.Range(0, partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<Record>();
        var atEnd = new HashSet<int>();
        var deadline = DateTime.UtcNow + timeout;
        while (atEnd.Count < partitions)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Expected within {timeout.TotalSeconds:0}s: every partition of {topic} read to its end; {atEnd.Count} of {partitions} were.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is null)
            {
                continue;
            }

            if (result.IsPartitionEOF)
            {
                atEnd.Add(result.Partition.Value);
                continue;
            }

            var headers = result.Message.Headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToList();
            records.Add(new Record($"{topic}/{result.Partition.Value}/{result.Offset.Value}", result.Message.Key, result.Message.Value, headers));
        }

        return records;
    }
}
