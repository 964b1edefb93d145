using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Tests.Support;

/// <summary>One log line as the provider wrote it.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message);

/// <summary>Keeps every line logged through it, at every level, for a test to assert on.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _logs);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<CapturedLog> logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception)));
    }
}
