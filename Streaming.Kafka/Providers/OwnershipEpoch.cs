using System.Globalization;

namespace ActorViews.Streaming.Kafka.Providers;

/// <summary>
/// One claim of a partition by a receiver: a generation that every new claim raises by one, and a random
/// nonce that tells apart two receivers claiming the same generation at once (the balancer flapping).
/// Stored as a committed offset, so it packs into a non-negative <see cref="long"/>.
/// </summary>
internal readonly record struct OwnershipEpoch(long Generation, int Nonce)
{
    private const int NonceBits = 20;

    /// <summary>No receiver has claimed the partition yet.</summary>
    public static OwnershipEpoch None { get; } = new(0, 0);

    /// <summary>The value committed to the owners group.</summary>
    public long Value => (Generation << NonceBits) | (uint)Nonce;

    public static OwnershipEpoch FromValue(long value) =>
        value <= 0 ? None : new(value >> NonceBits, (int)(value & ((1 << NonceBits) - 1)));

    /// <summary>The claim that supersedes this one.</summary>
    public OwnershipEpoch Next() => new(Generation + 1, Random.Shared.Next(1, 1 << NonceBits));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Generation}.{Nonce:x5}");
}
