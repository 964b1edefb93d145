namespace ActorViews.Silo.Hosting;

/// <summary>
/// Bounds how long the silo takes to stop: <c>Silo:ShutdownTimeout</c> (default 30 s) after SIGTERM the process
/// has exited, whatever its dependencies do. Two thirds of it go to the graceful stop (the host's shutdown
/// timeout: partitions handed over, offsets committed, membership updated); Orleans then stops ungracefully.
/// A stop can still hang where nothing observes cancellation, as with a broker and a database that are both
/// gone (membership writes retried, Kafka clients closing against no broker): then the process exits anyway,
/// with a line saying so, shortly before the timeout, so an orchestrator's grace period never runs out on it.
/// </summary>
internal static partial class ShutdownDeadline
{
    /// <summary>The key of the shutdown timeout.</summary>
    public const string TimeoutKey = "Silo:ShutdownTimeout";

    /// <summary>The exit code of a silo whose stop ran out of time.</summary>
    public const int ExitCode = 3;

    private static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Shortest = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ExitMargin = TimeSpan.FromSeconds(2);

    /// <summary>Reads <c>Silo:ShutdownTimeout</c> and gives the graceful stop two thirds of it.</summary>
    public static WebApplicationBuilder UseShutdownDeadline(this WebApplicationBuilder builder)
    {
        var timeout = builder.Configuration.PositiveDuration(TimeoutKey) ?? Default;
        if (timeout < Shortest)
        {
            throw SettingReader.Invalid(TimeoutKey, builder.Configuration.Text(TimeoutKey)!, $"a duration of at least {Shortest:c}");
        }

        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = timeout * 2 / 3);
        builder.Services.AddHostedService(sp => new Watchdog(
            timeout,
            sp.GetRequiredService<IHostApplicationLifetime>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ShutdownDeadline).FullName!)));
        return builder;
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Critical, Message = "The silo did not stop within {Timeout} ({Key}); exiting now with code {ExitCode}")]
    private static partial void LogExpired(ILogger logger, TimeSpan timeout, string key, int exitCode);

    private sealed class Watchdog(TimeSpan timeout, IHostApplicationLifetime lifetime, ILogger logger) : IHostedService, IDisposable
    {
        private CancellationTokenRegistration _stopping;
        private Timer? _timer;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _stopping = lifetime.ApplicationStopping.Register(() =>
                _timer = new Timer(_ => Expire(), null, timeout - ExitMargin, Timeout.InfiniteTimeSpan));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
            _stopping.Dispose();
            _timer?.Dispose();
        }

        private void Expire()
        {
            LogExpired(logger, timeout, TimeoutKey, ExitCode);

            // The console logger writes from a queue of its own, which Environment.Exit does not wait for: once (CI,
            // 2026-12-08) the line above never reached the output. Written directly too, so the exit is never silent.
            Console.Error.WriteLine($"The silo did not stop within {timeout:c} ({TimeoutKey}); exiting now with code {ExitCode}");
            Console.Error.Flush();
            Environment.Exit(ExitCode);
        }
    }
}
