using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorViews.Tests.Shared;

/// <summary>A logger (and logger provider) that keeps every entry, for a test to assert what was logged.</summary>
public sealed class RecordedLogs : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    /// <summary>Everything logged so far, in order.</summary>
    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Whether an entry with this event id was logged.</summary>
    public bool Has(int eventId) => _entries.Any(e => e.EventId == eventId);

    /// <summary>The entries with this event id.</summary>
    public IReadOnlyList<Entry> WithEventId(int eventId) => [.. _entries.Where(e => e.EventId == eventId)];

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception)));

    public void Dispose()
    {
    }

    /// <summary>One log entry.</summary>
    public sealed record Entry(LogLevel Level, int EventId, string Message);
}
