using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Tests.Providers;

/// <summary>Keeps every log entry written to it, so a test can wait for the one it expects.</summary>
public sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public bool Has(int eventId) => _entries.Any(e => e.EventId == eventId);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception)));

    public sealed record Entry(LogLevel Level, int EventId, string Message);
}
