using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Providers.Streams.Common;

namespace ActorViews.Ingest;

/// <summary>
/// One silo in this process with two Kafka providers whose pulling agents start stopped: the cold pass
/// starts the provider on the first copy of the data and waits until every event was applied; the warm pass
/// then starts the provider on the second copy, whose events reach the same, now active, grains. The durable
/// path is the views path with the view's state written to PostgreSQL, and ends by reading it all back.
/// </summary>
internal static class SiloPath
{
    public static async Task<ChildResult> RunAsync(ChildArgs args)
    {
        var durable = args.Path == ChildArgs.Durable;
        Type? view = args.Path switch
        {
            "views" => typeof(IBenchView),
            ChildArgs.Durable => typeof(IDurableBenchView),
            _ => null,
        };
        // Not disposed: the process exits right after printing the result, and disposing a running silo
        // would stop it non-gracefully while the result is still being reported.
        var host = new HostBuilder()
            .UseOrleans(silo =>
            {
                silo.UseLocalhostClustering(siloPort: FreePort(), gatewayPort: FreePort());
                silo.AddMemoryGrainStorage("PubSubStore");
                if (durable)
                {
                    silo.AddPostgresGrainStorage(DurableBenchStorage.Name, DurableBenchStorage.Pooled(args.PostgresConnectionString!));
                }

                AddProvider(silo, BenchTopics.ColdProvider, BenchTopics.Cold, view, args);
                AddProvider(silo, BenchTopics.WarmProvider, BenchTopics.Warm, view, args);
            })
            .ConfigureLogging(logging => logging.ClearProviders().AddProvider(new StderrLoggerProvider()).SetMinimumLevel(LogLevel.Warning))
            .Build();
        await host.StartAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var management = host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);

        var heapBefore = Measurement.SettledHeapBytes();
        var (coldSeconds, cold, coldEnd) = await PassAsync(management, BenchTopics.ColdProvider, args.Events, args);
        var activations = BenchCounters.Activations;
        var heapAfter = Measurement.SettledHeapBytes();
        if (activations != args.Keys)
        {
            throw new InvalidOperationException($"{args.Path}: {activations} grains activated in the cold pass, expected one per key ({args.Keys}).");
        }

        var (warmSeconds, warm, warmEnd) = await PassAsync(management, BenchTopics.WarmProvider, 2 * args.Events, args);
        if (BenchCounters.Activations != activations)
        {
            Console.Error.WriteLine($"{args.Path}: {BenchCounters.Activations - activations} grain(s) were activated again in the warm pass.");
        }

        // Untimed: every event of both passes must be in PostgreSQL exactly once, else the measurement fails.
        (long Events, long Writes)? stored = durable ? await DurableBenchStorage.VerifyAsync(args.PostgresConnectionString!, args.Events, args.Keys, passes: 2) : null;

        return new ChildResult
        {
            Path = args.Path,
            Keys = args.Keys,
            Events = args.Events,
            ColdSeconds = coldSeconds,
            WarmSeconds = warmSeconds,
            Activations = activations,
            HeapBytesPerView = (heapAfter - heapBefore) / (double)activations,
            ColdAllocatedBytesPerEvent = (coldEnd.AllocatedBytes - cold.AllocatedBytes) / (double)args.Events,
            WarmAllocatedBytesPerEvent = (warmEnd.AllocatedBytes - warm.AllocatedBytes) / (double)args.Events,
            ColdGcPauseSeconds = (coldEnd.GcPause - cold.GcPause).TotalSeconds,
            WarmGcPauseSeconds = (warmEnd.GcPause - warm.GcPause).TotalSeconds,
            Gen2Collections = GC.CollectionCount(2),
            PeakWorkingSetBytes = Measurement.PeakWorkingSet(),
            StoredEvents = stored?.Events,
            StoredWrites = stored?.Writes,
        };
    }

    private static async Task<(double Seconds, Measurement Start, Measurement End)> PassAsync(IManagementGrain management, string provider, long target, ChildArgs args)
    {
        var applied = BenchCounters.WhenApplied(target);
        var start = Measurement.Take();
        await management.SendControlCommandToProvider<PersistentStreamProvider>(provider, (int)PersistentStreamProviderCommand.StartAgents, null);
        try
        {
            var reachedAt = await applied.WaitAsync(args.PassTimeout);
            var end = Measurement.Take();
            return (Stopwatch.GetElapsedTime(start.Timestamp, reachedAt).TotalSeconds, start, end);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"{args.Path}: pass '{provider}' applied {BenchCounters.Applied} of {target} events within {args.PassTimeout.TotalSeconds:0} s ({BenchCounters.Activations} activations).");
        }
    }

    private static void AddProvider(ISiloBuilder silo, string name, string topic, Type? view, ChildArgs args) =>
        silo.AddKafkaStreams(name, configurator =>
        {
            configurator.ConfigureKafka(ob => ob.Configure(options =>
            {
                options.BootstrapServers = args.BootstrapServers;
                options.ConsumerGroupId = "bench-" + Guid.NewGuid().ToString("N");
                options.MaxBatchSize = args.MaxBatchSize;
                var added = options.AddTopic<BenchOrder>(topic, BenchTopics.Partitions);
                added.StreamNamespace = BenchTopics.Namespace;
                if (view is not null)
                {
                    added.Views.Add(view);
                }
                else
                {
                    added.DeliverToStreams = true;
                }
            }));

            // Started by the pass, so that silo start-up is not timed and both passes start the same way.
            configurator.ConfigureLifecycle(ob => ob.Configure(o => o.StartupState = StreamLifecycleOptions.RunState.AgentsStopped));
        });

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
