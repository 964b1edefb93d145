namespace ActorViews.Silo.Operations.Health;

/// <summary>Which probe a health check belongs to.</summary>
internal static class HealthTags
{
    /// <summary>Checks behind <c>/readyz</c>: the silo can do its work. <c>/healthz</c> runs none (the process answers).</summary>
    public const string Ready = "ready";
}
