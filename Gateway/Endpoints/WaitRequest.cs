using System.Globalization;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>What a GET asks to wait for: <c>?timeout=ms</c> and a position token (header or query).</summary>
/// <param name="After">The position the view must have applied, or null.</param>
/// <param name="Timeout">How long to wait.</param>
internal sealed record WaitRequest(KafkaPosition? After, TimeSpan Timeout)
{
    /// <summary>How long a read carrying only a position token, or asking for a settled order, waits.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reads the wait of <paramref name="request"/>; null when it asks for none and <paramref name="alwaysWait"/>
    /// is false. Problems go to <paramref name="errors"/> under <c>timeout</c> or <c>position</c>.
    /// </summary>
    public static WaitRequest? Read(HttpRequest request, IReadOnlyList<string> viewTopics, bool alwaysWait, ValidationErrors errors)
    {
        TimeSpan? timeout = null;
        var timeoutText = request.Query["timeout"];
        if (timeoutText.Count > 0)
        {
            var max = (long)ViewWaits.MaxTimeout.TotalMilliseconds;
            if (timeoutText.Count == 1
                && long.TryParse(timeoutText[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                && ms <= max)
            {
                timeout = TimeSpan.FromMilliseconds(ms);
            }
            else
            {
                errors.Add("timeout", $"The timeout must be one whole number of milliseconds from 0 to {max}.");
            }
        }

        KafkaPosition? after = null;
        var tokens = request.Headers[PositionToken.Header].Concat(request.Query[PositionToken.Query]).Distinct().ToList();
        if (tokens.Count > 1)
        {
            errors.Add(PositionToken.Query, "Give one position token, in the X-Position header or the position query parameter.");
        }
        else if (tokens.Count == 1)
        {
            after = PositionToken.Decode(tokens[0] ?? "", out var problem);
            if (problem is not null)
            {
                errors.Add(PositionToken.Query, problem);
            }
            else if (!viewTopics.Contains(after!.Topic))
            {
                errors.Add(PositionToken.Query, $"The token is a position in '{after.Topic}'; this view reads {string.Join(", ", viewTopics)}.");
            }
        }

        return timeout is null && after is null && !alwaysWait
            ? null
            : new WaitRequest(after, timeout ?? DefaultTimeout);
    }
}
