using System.Text;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// Maps a message key to its partition exactly as the Java client's default partitioner (and librdkafka's
/// <c>murmur2_random</c>) do, so a key's events land in one partition whichever client produced them.
/// </summary>
public static class KafkaPartitioner
{
    /// <summary>The partition of <paramref name="key"/> in a topic of <paramref name="partitionCount"/> partitions.</summary>
    public static int PartitionFor(string key, int partitionCount)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return PartitionFor(Encoding.UTF8.GetBytes(key), partitionCount);
    }

    /// <summary>The partition of a UTF-8 key in a topic of <paramref name="partitionCount"/> partitions.</summary>
    public static int PartitionFor(ReadOnlySpan<byte> key, int partitionCount) =>
        (Murmur2(key) & 0x7fffffff) % partitionCount;

    /// <summary>Kafka's 32-bit murmur2 with its fixed seed; public for cross-checks against other clients.</summary>
    public static int Murmur2(ReadOnlySpan<byte> data)
    {
        const uint m = 0x5bd1e995;
        const int r = 24;
        var length = data.Length;
        var h = 0x9747b28c ^ (uint)length;

        var blocks = length / 4;
        for (var i = 0; i < blocks; i++)
        {
            var k = (uint)(data[i * 4] | data[(i * 4) + 1] << 8 | data[(i * 4) + 2] << 16 | data[(i * 4) + 3] << 24);
            k *= m;
            k ^= k >> r;
            k *= m;
            h *= m;
            h ^= k;
        }

        var tail = blocks * 4;
        switch (length % 4)
        {
            case 3:
                h ^= (uint)data[tail + 2] << 16;
                goto case 2;
            case 2:
                h ^= (uint)data[tail + 1] << 8;
                goto case 1;
            case 1:
                h ^= data[tail];
                h *= m;
                break;
        }

        h ^= h >> 13;
        h *= m;
        h ^= h >> 15;
        return (int)h;
    }
}
