using System.Text.Json;
using Orleans.Storage;

namespace ActorViews.PostgreSql;

/// <summary>
/// Serializes grain state as UTF-8 JSON with System.Text.Json, camelCase by default, so that the
/// PostgreSQL grain storage can keep it as <c>jsonb</c> that operators read with plain SQL.
/// </summary>
/// <param name="options">Serializer options; <see cref="CreateDefaultOptions"/> when omitted.</param>
public sealed class SystemTextJsonGrainStorageSerializer(JsonSerializerOptions? options = null) : IGrainStorageSerializer
{
    private readonly JsonSerializerOptions options = options ?? CreateDefaultOptions();

    /// <summary>Web defaults: camelCase property names, case-insensitive reading.</summary>
    public static JsonSerializerOptions CreateDefaultOptions() => new(JsonSerializerDefaults.Web);

    /// <inheritdoc/>
    public BinaryData Serialize<T>(T? input) => new(JsonSerializer.SerializeToUtf8Bytes(input, options));

    /// <inheritdoc/>
    public T Deserialize<T>(BinaryData input)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(input.ToMemory().Span, options)!;
        }
        catch (JsonException e)
        {
            throw new JsonException($"Stored grain state cannot be read as {typeof(T).FullName}: {e.Message}", e);
        }
    }
}
