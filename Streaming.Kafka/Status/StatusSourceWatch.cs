using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>
/// Logs a source of the status (owners record, broker, views' positions) that stops answering once per kind
/// of failure, and once when it answers again: status is read every second, and a line per read would bury
/// the one that says what went wrong.
/// </summary>
internal sealed partial class StatusSourceWatch(string providerName, ILogger logger)
{
    private readonly ConcurrentDictionary<string, string> _failing = new(StringComparer.Ordinal);

    public void Failed(string source, Exception failure)
    {
        var kind = failure.GetType().FullName ?? failure.GetType().Name;
        if (_failing.TryGetValue(source, out var known) && known == kind)
        {
            return;
        }

        _failing[source] = kind;
        LogSourceFailed(failure, providerName, source, failure.Message);
    }

    public void Answered(string source)
    {
        if (_failing.TryRemove(source, out _))
        {
            LogSourceAnswered(providerName, source);
        }
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Status of stream provider {Provider}: the {Source} did not answer ({Reason}); status answers without it, marked, until it does")]
    private partial void LogSourceFailed(Exception exception, string provider, string source, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Status of stream provider {Provider}: the {Source} answers again")]
    private partial void LogSourceAnswered(string provider, string source);
}
