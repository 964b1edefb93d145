using System.Globalization;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// How a version of a view is told apart from the others. Version 1 is the view as it always was: its name and
/// its grains' keys carry no version, so views stored before rebuilds existed stay where they are. A rebuild
/// builds version N+1 under its own name (<c>order-view@2</c>, with its own positions group) and its own grain
/// keys (<c>ORDER-1@2</c>), so it never shares an activation or a stored record with the version readers use.
/// </summary>
/// <remarks>A view's keys must therefore not end in <c>@</c> followed by digits.</remarks>
public static class ViewVersions
{
    private const char Separator = '@';

    /// <summary>The name version <paramref name="version"/> of view <paramref name="view"/> goes by.</summary>
    public static string Name(string view, int version)
    {
        ArgumentException.ThrowIfNullOrEmpty(view);
        return version <= 1 ? view : Suffixed(view, version);
    }

    /// <summary>The key of the grain that keeps version <paramref name="version"/> of entity <paramref name="entityKey"/>.</summary>
    public static string GrainKey(string entityKey, int version)
    {
        ArgumentNullException.ThrowIfNull(entityKey);
        return version <= 1 ? entityKey : Suffixed(entityKey, version);
    }

    /// <summary>The entity a view grain's key names, whichever version the grain keeps.</summary>
    public static string EntityKey(string grainKey) => Split(grainKey).Base;

    /// <summary>The version a view grain's key or a versioned view name denotes.</summary>
    public static int VersionOf(string grainKeyOrName) => Split(grainKeyOrName).Version;

    /// <summary>The view a versioned name belongs to (<c>order-view@2</c> is <c>order-view</c>).</summary>
    public static string BaseName(string name) => Split(name).Base;

    /// <summary>The entity this view grain keeps, read through its key whichever version it belongs to.</summary>
    public static string GetEntityKey(this IAddressable grain)
    {
        ArgumentNullException.ThrowIfNull(grain);
        return EntityKey(grain.GetPrimaryKeyString());
    }

    private static string Suffixed(string value, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{value}{Separator}{version}");

    private static (string Base, int Version) Split(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var at = value.LastIndexOf(Separator);
        if (at <= 0 || at == value.Length - 1)
        {
            return (value, 1);
        }

        var digits = value.AsSpan(at + 1);
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return (value, 1);
            }
        }

        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version >= 2
            ? (value[..at], version)
            : (value, 1);
    }
}
