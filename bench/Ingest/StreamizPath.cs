using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Streamiz.Kafka.Net;
using Streamiz.Kafka.Net.SerDes;
using Streamiz.Kafka.Net.State;
using Streamiz.Kafka.Net.Table;

namespace ActorViews.Ingest;

/// <summary>The per-key view Streamiz keeps: the last order and how many were aggregated.</summary>
public sealed record BenchOrderView(BenchOrder? Last, long Count);

/// <summary>
/// The same view in Streamiz.Kafka.Net (the .NET Kafka Streams port): a KTable aggregating <c>orders</c> by its
/// key, read from the beginning under a fresh application id, into an in-memory store. Timed from starting
/// the stream to the aggregation of the last event.
/// </summary>
/// <remarks>
/// The mock broker has no admin CreateTopics, so the topology must need no internal topic: the key already
/// is the order id (group by key, no repartition topic) and the store's changelog is disabled.
/// </remarks>
internal static class StreamizPath
{
    private const string StoreName = "bench-view";

    /// <summary>
    /// One stream thread. With two (one per core), the threads' consumer group rebalanced as the second joined,
    /// the embedded broker refused the first thread's commit during the rebalance, and Streamiz fenced that
    /// thread: in the 2026-11-29 run the stream stalled at 529,800 of 1,000,000 events for the rest of 240 s.
    /// One thread never rebalances, and a single consumer is also what the raw baseline uses.
    /// </summary>
    public static int StreamThreads => 1;

    public static async Task<ChildResult> RunAsync(ChildArgs args)
    {
        var config = new StreamConfig<StringSerDes, StringSerDes>
        {
            ApplicationId = "bench-streamiz-" + Guid.NewGuid().ToString("N"),
            BootstrapServers = args.BootstrapServers,
            AutoOffsetReset = Confluent.Kafka.AutoOffsetReset.Earliest,
            NumStreamThreads = StreamThreads,
            // Streamiz' own defaults otherwise (commit interval, cache, poll size), as a user would start.
            Logger = LoggerFactory.Create(logging => logging.AddProvider(new StderrLoggerProvider()).SetMinimumLevel(LogLevel.Warning)),
        };

        // The parent shows a child's stderr: the settings in force go on record with the numbers.
        Console.Error.WriteLine(
            $"streamiz settings: NumStreamThreads={config.NumStreamThreads}, CommitIntervalMs={config.CommitIntervalMs}, " +
            $"Guarantee={config.Guarantee}, MaxPollRecords={config.MaxPollRecords}, PollMs={config.PollMs}, DefaultCacheEnabled={config.DefaultCacheEnabled}, store {StoreName} in memory, changelog disabled");

        var builder = new StreamBuilder();
        builder.Stream<string, BenchOrder, StringSerDes, JsonSerDes<BenchOrder>>(BenchTopics.Cold)
            .GroupByKey()
            .Aggregate(
                () => new BenchOrderView(null, 0),
                (_, order, view) =>
                {
                    BenchCounters.AddApplied(1);
                    return new BenchOrderView(order, view.Count + 1);
                },
                InMemory.As<string, BenchOrderView, StringSerDes, JsonSerDes<BenchOrderView>>(StoreName).WithLoggingDisabled());

        var heapBefore = Measurement.SettledHeapBytes();
        var stream = new KafkaStream(builder.Build(), config);
        var state = "CREATED";
        stream.StateChanged += (_, now) => state = now.ToString();
        var applied = BenchCounters.WhenApplied(args.Events);
        var start = Measurement.Take();
        long reachedAt;
        try
        {
            // Starting is inside the deadline: it talks to the broker (metadata, group join) before any thread runs.
            await stream.StartAsync().WaitAsync(args.PassTimeout);
            reachedAt = await applied.WaitAsync(args.PassTimeout - Stopwatch.GetElapsedTime(start.Timestamp));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"streamiz: aggregated {BenchCounters.Applied} of {args.Events} events within {args.PassTimeout.TotalSeconds:0} s (stream state {state}).");
        }

        var end = Measurement.Take();
        var keys = CountKeys(stream, args.Events);
        var heapAfter = Measurement.SettledHeapBytes();
        if (keys != args.Keys)
        {
            throw new InvalidOperationException($"streamiz: the store holds {keys} keys after the pass, expected {args.Keys}.");
        }

        return new ChildResult
        {
            Path = args.Path,
            Keys = args.Keys,
            Events = args.Events,
            ColdSeconds = Stopwatch.GetElapsedTime(start.Timestamp, reachedAt).TotalSeconds,
            Activations = keys,
            HeapBytesPerView = (heapAfter - heapBefore) / (double)keys,
            ColdAllocatedBytesPerEvent = (end.AllocatedBytes - start.AllocatedBytes) / (double)args.Events,
            ColdGcPauseSeconds = (end.GcPause - start.GcPause).TotalSeconds,
            Gen2Collections = GC.CollectionCount(2),
            PeakWorkingSetBytes = Measurement.PeakWorkingSet(),
        };
    }

    // Untimed: the store, queried as a user would, must hold every key with all its events counted.
    private static long CountKeys(KafkaStream stream, long events)
    {
        var store = stream.Store(StoreQueryParameters.FromNameAndType(StoreName, QueryableStoreTypes.KeyValueStore<string, BenchOrderView>()));
        long keys = 0;
        long counted = 0;
        foreach (var entry in store.All())
        {
            keys++;
            counted += entry.Value.Count;
        }

        if (counted != events)
        {
            throw new InvalidOperationException($"streamiz: the store counts {counted} events, expected {events}.");
        }

        return keys;
    }
}
