namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// The commit rule of one partition: the committable offset advances only over a contiguous run of
/// delivered messages, never past one that is still in flight, whatever order deliveries complete in.
/// </summary>
/// <remarks>Offsets are appended in read order; gaps between offsets (compaction, markers) are fine.</remarks>
internal sealed class OffsetTracker(long startOffset)
{
    private readonly Queue<Segment> _segments = new();
    private readonly Lock _lock = new();
    private long _nextAfterRead = startOffset;

    /// <summary>Offsets read but not yet delivered.</summary>
    public int InFlight
    {
        get
        {
            lock (_lock)
            {
                var count = 0;
                foreach (var segment in _segments)
                {
                    count += segment.Remaining;
                }

                return count;
            }
        }
    }

    /// <summary>Registers a batch of offsets just read, ascending; returns a handle to mark them delivered.</summary>
    /// <param name="offsets">The offsets, ascending.</param>
    /// <param name="parts">Per offset, how many deliveries (views, streams) must report before it counts as delivered; 1 when null.</param>
    public Segment Append(long[] offsets, byte[]? parts = null)
    {
        var segment = new Segment(offsets, parts);
        lock (_lock)
        {
            if (offsets.Length > 0)
            {
                if (offsets[0] < _nextAfterRead)
                {
                    throw new InvalidOperationException($"Offset {offsets[0]} was read after {_nextAfterRead - 1}.");
                }

                _nextAfterRead = offsets[^1] + 1;
                _segments.Enqueue(segment);
            }
        }

        return segment;
    }

    /// <summary>Reports one delivery of an offset (applied, or dead-lettered); the last one makes it delivered.</summary>
    public void MarkDelivered(Segment segment, int index)
    {
        lock (_lock)
        {
            if (segment.Pending[index] > 0 && --segment.Pending[index] == 0)
            {
                segment.Remaining--;
            }
        }
    }

    /// <summary>The offset to commit: the first not yet delivered, or the one after the last read.</summary>
    public long CommittableOffset()
    {
        lock (_lock)
        {
            while (_segments.Count > 0)
            {
                var head = _segments.Peek();
                if (head.Remaining == 0)
                {
                    _segments.Dequeue();
                    continue;
                }

                for (; head.Cursor < head.Offsets.Length; head.Cursor++)
                {
                    if (head.Pending[head.Cursor] > 0)
                    {
                        return head.Offsets[head.Cursor];
                    }
                }
            }

            return _nextAfterRead;
        }
    }

    /// <summary>The offsets of one read batch and which of them were delivered.</summary>
    internal sealed class Segment
    {
        public Segment(long[] offsets, byte[]? parts)
        {
            Offsets = offsets;
            Pending = parts ?? Enumerable.Repeat((byte)1, offsets.Length).ToArray();
            Remaining = Pending.Count(p => p > 0);
        }

        public long[] Offsets { get; }

        public byte[] Pending { get; }

        public int Remaining { get; set; }

        // Everything before the cursor is known delivered, so the scan for the first gap never repeats work.
        public int Cursor { get; set; }
    }
}
