using System.Buffers.Text;
using System.Globalization;
using System.Text;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Gateway.Endpoints;

/// <summary>
/// The opaque token a write answers with: where the event went. A read that carries it waits until its view
/// applied that position (read-your-writes). Base64url of <c>topic/partition/offset</c>; callers must not
/// depend on the format.
/// </summary>
internal static class PositionToken
{
    /// <summary>The header writes answer with and reads may carry the token in.</summary>
    public const string Header = "X-Position";

    /// <summary>The query parameter reads may carry the token in.</summary>
    public const string Query = "position";

    private const int MaxLength = 512;

    public static string Encode(KafkaPosition position) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{position.Topic}/{position.Partition}/{position.Offset}")));

    /// <summary>Decodes <paramref name="token"/>; null with <paramref name="problem"/> set when it is not a token.</summary>
    public static KafkaPosition? Decode(string token, out string? problem)
    {
        problem = "The position token is not one a write of this gateway returned.";
        if (token.Length is 0 or > MaxLength)
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException)
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(bytes).Split('/');
        if (parts.Length != 3
            || parts[0].Length == 0
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return null;
        }

        problem = null;
        return new KafkaPosition(parts[0], partition, offset);
    }
}
