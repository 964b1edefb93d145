using System.Globalization;
using System.Text;
using System.Text.Json;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Ingest;

/// <summary>
/// The data set: <c>events</c> orders over <c>keys</c> keys, event i belonging to key i mod keys (so every key
/// has the same number of events, interleaved), produced once per copy before anything is timed.
/// </summary>
internal static class BenchData
{
    public static string KeyOf(long keyIndex) => "k" + keyIndex.ToString("D7", CultureInfo.InvariantCulture);

    public static BenchOrder OrderOf(long eventIndex, int keys)
    {
        var keyIndex = eventIndex % keys;
        return new BenchOrder(KeyOf(keyIndex), (int)(keyIndex % 5000) + 1, "CREATED", "JUMPERS", (int)(eventIndex % 5) + 1, 1.0 + (eventIndex % 100 / 4.0));
    }

    /// <summary>Produces the data set into <paramref name="topic"/> with lz4, big batches and murmur2 partitioning.</summary>
    public static void Produce(string bootstrapServers, string topic, long events, int keys)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            Partitioner = Partitioner.Murmur2,
            CompressionType = CompressionType.Lz4,
            // The mock broker keeps ~5 MiB and 100k batches per partition: few, large, compressed batches fit.
            LingerMs = 100,
            BatchSize = 1_000_000,
            QueueBufferingMaxMessages = 2_000_000,
            QueueBufferingMaxKbytes = 1_048_576,
            Acks = Acks.All,
        };
        long failed = 0;
        string? firstError = null;
        using (var producer = new ProducerBuilder<byte[], byte[]>(config).Build())
        {
            for (long i = 0; i < events; i++)
            {
                var order = OrderOf(i, keys);
                var message = new Message<byte[], byte[]>
                {
                    Key = Encoding.UTF8.GetBytes(order.Id),
                    Value = JsonSerializer.SerializeToUtf8Bytes(order, JsonEventSerializer.Options),
                };
                producer.Produce(topic, message, report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.CompareExchange(ref firstError, report.Error.Reason, null);
                        Interlocked.Increment(ref failed);
                    }
                });
            }

            var left = producer.Flush(TimeSpan.FromMinutes(2));
            if (left > 0)
            {
                throw new InvalidOperationException($"Producing to '{topic}': {left} message(s) still unsent after 2 minutes.");
            }
        }

        if (failed > 0)
        {
            throw new InvalidOperationException($"Producing to '{topic}': {failed} message(s) failed, first: {firstError}.");
        }
    }

    /// <summary>Throws unless every partition of <paramref name="topic"/> still starts at 0 and they hold <paramref name="events"/> in all.</summary>
    public static void VerifyRetained(string bootstrapServers, string topic, long events)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-verify" }).Build();
        long total = 0;
        for (var p = 0; p < BenchTopics.Partitions; p++)
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30));
            if (marks.Low.Value != 0)
            {
                throw new InvalidOperationException(
                    $"The broker dropped the start of '{topic}'-{p} (low watermark {marks.Low.Value}): the data set is too big for the mock broker's retention; use fewer events.");
            }

            total += marks.High.Value;
        }

        if (total != events)
        {
            throw new InvalidOperationException($"'{topic}' holds {total} events, expected {events}.");
        }
    }
}
