namespace ActorViews.PostgreSql;

/// <summary>
/// A grain state's row identity in <c>grain_state</c>, split the way Orleans' ADO.NET storage splits it, so that
/// rows written here are the rows its reads and clears find.
/// </summary>
/// <param name="GrainType">The state name the storage was given (no generic arity: see <see cref="IsPlain"/>).</param>
/// <param name="N0">The first half of a Guid key; 0 otherwise.</param>
/// <param name="N1">The second half of a Guid key, or an integer key; 0 for a string key.</param>
/// <param name="StringKey">A string key, or the key extension of a Guid or integer key; empty when there is none.</param>
internal readonly record struct GrainStateKey(string GrainType, long N0, long N1, string StringKey) : IComparable<GrainStateKey>
{
    /// <summary>The key of <paramref name="grainId"/>'s state <paramref name="grainType"/>.</summary>
    public static GrainStateKey Of(string grainType, GrainId grainId)
    {
        if (grainId.TryGetGuidKey(out var guid, out var guidExtension))
        {
            Span<byte> bytes = stackalloc byte[16];
            guid.TryWriteBytes(bytes);
            return new(grainType, BitConverter.ToInt64(bytes[..8]), BitConverter.ToInt64(bytes[8..]), guidExtension ?? string.Empty);
        }

        if (grainId.TryGetIntegerKey(out var integer, out var integerExtension))
        {
            return new(grainType, 0, integer, integerExtension ?? string.Empty);
        }

        return new(grainType, 0, 0, grainId.Key.ToString() ?? string.Empty);
    }

    /// <summary>
    /// Whether the ADO.NET storage keeps <paramref name="grainType"/> as given: it rewrites a generic type's name
    /// (with a backtick), and such states are left to it so both agree on the row.
    /// </summary>
    public static bool IsPlain(string grainType) => !grainType.Contains('`', StringComparison.Ordinal);

    /// <summary>Orders keys the same way in every batch, so two batches never lock the same rows in opposite orders.</summary>
    public int CompareTo(GrainStateKey other)
    {
        var byType = string.CompareOrdinal(GrainType, other.GrainType);
        if (byType != 0)
        {
            return byType;
        }

        var byString = string.CompareOrdinal(StringKey, other.StringKey);
        return byString != 0 ? byString : (N0, N1).CompareTo((other.N0, other.N1));
    }

    /// <inheritdoc />
    public override string ToString() => StringKey.Length > 0 && N0 == 0 && N1 == 0 ? StringKey : $"{N0}/{N1}/{StringKey}";
}
