using System.Buffers;
using System.Text;

namespace ActorViews.Gateway.Endpoints;

/// <summary>Checks text that becomes a grain key or an event field.</summary>
internal static class UnicodeText
{
    /// <summary>
    /// Whether <paramref name="text"/> is well-formed UTF-16: a lone surrogate would turn into U+FFFD on its way
    /// to UTF-8 (the grain key, the Kafka record), so two different IDs could name one view.
    /// </summary>
    public static bool IsWellFormed(string text)
    {
        ReadOnlySpan<char> rest = text;
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out _, out var used) != OperationStatus.Done)
            {
                return false;
            }

            rest = rest[used..];
        }

        return true;
    }
}
