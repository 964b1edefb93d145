namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// The engine's retry delays: the first one given, each next one twice the last, never above a cap. A failing
/// view call and a receiver that cannot start both back off this way, so an outage is not hammered.
/// </summary>
/// <param name="first">The first delay.</param>
/// <param name="max">The longest delay.</param>
internal sealed class Backoff(TimeSpan first, TimeSpan max)
{
    // Delivery retries (a view call, a dead letter) stay quick enough to follow a recovery within seconds.
    private static readonly TimeSpan MaxDeliveryDelay = TimeSpan.FromSeconds(5);

    private TimeSpan _next = first;

    /// <summary>The backoff of a failed delivery (a view call, a dead-letter write) starting at <paramref name="first"/>.</summary>
    public static Backoff ForDelivery(TimeSpan first) => new(first, MaxDeliveryDelay);

    /// <summary>The delay before the next attempt; doubles the one after it.</summary>
    public TimeSpan Next()
    {
        var delay = _next;
        _next = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, max.Ticks));
        return delay;
    }

    /// <summary>Waits <see cref="Next"/>.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(Next(), cancellationToken);
}
