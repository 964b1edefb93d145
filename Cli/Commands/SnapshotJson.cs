using System.Text.Json;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Cli.Commands;

/// <summary>Views printed as the HTTP gateway shows them, indented for people.</summary>
internal static class SnapshotJson
{
    private static readonly JsonSerializerOptions Options = new(JsonEventSerializer.Options) { WriteIndented = true };

    public static string Format<T>(T snapshot) => JsonSerializer.Serialize(snapshot, Options);
}
