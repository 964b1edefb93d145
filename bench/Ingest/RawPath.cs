using System.Diagnostics;
using System.Text.Json;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Ingest;

/// <summary>
/// The physical limit: one plain consumer assigned every partition from the beginning, deserializing each
/// value into the event type with the provider's JSON options, and nothing else.
/// </summary>
internal static class RawPath
{
    public static ChildResult Run(ChildArgs args)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = args.BootstrapServers,
            GroupId = "bench-raw-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
        };
        using var consumer = new ConsumerBuilder<byte[], byte[]>(config).Build();
        var deadline = Stopwatch.StartNew();
        long count = 0;
        long checksum = 0;
        var start = Measurement.Take();
        consumer.Assign(Enumerable.Range(0, BenchTopics.Partitions).Select(p => new TopicPartitionOffset(BenchTopics.Cold, p, Offset.Beginning)));
        while (count < args.Events)
        {
            if (deadline.Elapsed > args.PassTimeout)
            {
                throw new TimeoutException($"raw: read {count} of {args.Events} events within {args.PassTimeout.TotalSeconds:0} s.");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                continue;
            }

            var order = JsonSerializer.Deserialize<BenchOrder>(result.Message.Value, JsonEventSerializer.Options)
                ?? throw new InvalidOperationException($"Offset {result.TopicPartitionOffset} holds JSON null.");
            checksum += order.Quantity;
            count++;
        }

        var end = Measurement.Take();
        consumer.Close();
        GC.KeepAlive(checksum);

        return new ChildResult
        {
            Path = args.Path,
            Keys = args.Keys,
            Events = args.Events,
            ColdSeconds = Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp).TotalSeconds,
            ColdAllocatedBytesPerEvent = (end.AllocatedBytes - start.AllocatedBytes) / (double)args.Events,
            ColdGcPauseSeconds = (end.GcPause - start.GcPause).TotalSeconds,
            Gen2Collections = GC.CollectionCount(2),
            PeakWorkingSetBytes = Measurement.PeakWorkingSet(),
            StateBytesPerKey = StateBytesPerKey(),
        };
    }

    // What a view's state alone costs on the heap: one deserialized order per key, measured untimed.
    private static double StateBytesPerKey()
    {
        const int samples = 100_000;
        var before = Measurement.SettledHeapBytes();
        var kept = new BenchOrder[samples];
        for (var i = 0; i < samples; i++)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(BenchData.OrderOf(i, samples), JsonEventSerializer.Options);
            kept[i] = JsonSerializer.Deserialize<BenchOrder>(json, JsonEventSerializer.Options)!;
        }

        var after = Measurement.SettledHeapBytes();
        GC.KeepAlive(kept);
        return (after - before) / (double)samples;
    }
}
