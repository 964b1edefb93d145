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

    /// <summary>The offset after the last one read: a batch must not start before it.</summary>
    public long NextOffset
    {
        get
        {
            lock (_lock)
            {
                return _nextAfterRead;
            }
        }
    }

    /// <summary>Registers a batch of offsets just read, ascending; returns a handle to mark them delivered.</summary>
    /// <param name="offsets">The offsets, ascending.</param>
    /// <param name="parts">Per offset, how many deliveries (views, streams) must report before it counts as delivered; 1 when null.</param>
    /// <param name="timestamps">Per offset, the message timestamp in Unix milliseconds, for lag in seconds.</param>
    public Segment Append(long[] offsets, byte[]? parts = null, long[]? timestamps = null)
    {
        var segment = new Segment(this, offsets, parts, timestamps);
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

    /// <summary>Reports one delivery of an offset (applied, or dead-lettered); true when that made it delivered.</summary>
    public bool MarkDelivered(Segment segment, int index)
    {
        lock (_lock)
        {
            if (segment.Pending[index] > 0 && --segment.Pending[index] == 0)
            {
                segment.Remaining--;
                return true;
            }

            return false;
        }
    }

    /// <summary>The timestamp (Unix ms) of the oldest read message not yet delivered, or null when none is.</summary>
    public long? OldestPendingTimestamp()
    {
        lock (_lock)
        {
            foreach (var segment in _segments)
            {
                if (segment.Remaining == 0 || segment.Timestamps is null)
                {
                    continue;
                }

                for (var i = segment.Cursor; i < segment.Offsets.Length; i++)
                {
                    if (segment.Pending[i] > 0)
                    {
                        return segment.Timestamps[i];
                    }
                }
            }

            return null;
        }
    }

    /// <summary>The offset to commit: the first not yet delivered, or the one after the last read.</summary>
    public long CommittableOffset() => CommitPoint().Offset;

    /// <summary>
    /// The offset to commit, and whether a message still in flight holds it there (rather than the end of
    /// what was read): the commit loop's measure of a held-back commit.
    /// </summary>
    public (long Offset, bool InFlight) CommitPoint()
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
                        return (head.Offsets[head.Cursor], true);
                    }
                }
            }

            return (_nextAfterRead, false);
        }
    }

    /// <summary>The offsets of one read batch and which of them were delivered.</summary>
    internal sealed class Segment
    {
        public Segment(OffsetTracker tracker, long[] offsets, byte[]? parts, long[]? timestamps)
        {
            Tracker = tracker;
            Offsets = offsets;
            Timestamps = timestamps;
            Pending = parts ?? Enumerable.Repeat((byte)1, offsets.Length).ToArray();
            Remaining = Pending.Count(p => p > 0);
        }

        /// <summary>The tracker the segment belongs to.</summary>
        public OffsetTracker Tracker { get; }

        public long[] Offsets { get; }

        public long[]? Timestamps { get; }

        public byte[] Pending { get; }

        public int Remaining { get; set; }

        /// <summary>The same offsets in each view's own tracker, by view index; empty where views are not tracked apart.</summary>
        public Segment[] PerView { get; set; } = [];

        // Everything before the cursor is known delivered, so the scan for the first gap never repeats work.
        public int Cursor { get; set; }
    }
}
