namespace ActorViews.Silo.Operations.Health;

/// <summary>Which report a health check belongs to.</summary>
internal static class HealthTags
{
    /// <summary>
    /// Checks behind <c>/readyz</c>: this silo can serve (it is an active member, its partitions are read, and none of them is fenced, stuck or unread).
    /// Nothing outside the silo is asked: a broker or database blip would otherwise take every pod out of the
    /// Service at once, stopping reads that would have worked. <c>/healthz</c> runs none (the process answers).
    /// </summary>
    public const string Ready = "ready";

    /// <summary>
    /// Checks of what the silo depends on (broker, database), behind <c>/healthz/dependencies</c> and on the
    /// status page: for alerts, never for routing.
    /// </summary>
    public const string Dependencies = "dependencies";
}
