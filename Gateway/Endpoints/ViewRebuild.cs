namespace ActorViews.Gateway.Endpoints;

/// <summary>The body of <c>202 Accepted</c> from <c>POST /v1/views/{name}/rebuild</c>.</summary>
/// <param name="Name">The view.</param>
/// <param name="Version">The version that answers reads until the new one is live on every partition.</param>
/// <param name="BuildingVersion">The version being built from the start of the log.</param>
/// <param name="Keep">Whether <paramref name="Version"/> keeps its stored state after the switch.</param>
/// <param name="RequestedAt">When the rebuild was requested.</param>
internal sealed record ViewRebuild(string Name, int Version, int BuildingVersion, bool Keep, DateTimeOffset RequestedAt);
