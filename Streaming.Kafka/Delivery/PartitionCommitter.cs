using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// The partition's checkpointer. It keeps the commit rule (<see cref="OffsetTracker"/>: never past an event
/// still in flight), commits every <see cref="KafkaStreamOptions.CommitInterval"/> while this receiver's claim
/// is the partition's newest, reports a commit held back by one event, and measures lag. Every
/// <see cref="KafkaStreamOptions.OffsetRenewInterval"/> it commits the claim and the offset again even when
/// unchanged: Kafka forgets offsets not committed for <c>offsets.retention.minutes</c>, and an idle partition
/// whose offset expired would be read again from its start by its next owner.
/// </summary>
internal sealed class PartitionCommitter : IDeliveryOutcome, IViewHandover
{
    // Commit ticks an in-flight message may hold the commit before it is logged as held back.
    private const int HeldCommitTicks = 10;

    // One OffsetFetch before a commit; commits happen at most once per CommitInterval.
    private static readonly TimeSpan LeaseCheckTimeout = TimeSpan.FromSeconds(5);

    private readonly string _topic;
    private readonly int _partition;
    private readonly IPartitionConsumer _consumer;
    private readonly PartitionReader _reader;
    private readonly PartitionLease? _lease;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _renewInterval;
    private readonly TimeProvider _clock;
    private long _renewedAt;
    private readonly ILogger _logger;
    private readonly PartitionHealth? _health;
    private readonly System.Diagnostics.TagList _tags;
    private readonly HeldCommitWatch _heldCommit;
    private readonly Lock _commitLock = new();

    // Taken by Append and by a hand-over: a catch-up goes live only at a batch boundary of this reader.
    private readonly Lock _handoverLock = new();
    private OffsetTracker _tracker = new(0);

    // One commit rule per view, beside the partition's: each view's own position. The partition's tracker counts
    // an event delivered once every view has, so its committable offset is the minimum over the views'.
    private OffsetTracker[] _viewTrackers;
    private readonly string[] _viewNames;
    private readonly IViewPositionStore? _positions;
    private readonly TopicPartition _topicPartition;

    // Per view: where it started (nothing below is delivered to it) and the position stored last (-1: none yet).
    private long[] _viewStarts;
    private long[] _viewCommitted;

    // Per view: whether it is catching up with a reader of its own. Until it hands over, its start here is
    // long.MaxValue, so this reader counts it done with every event without calling it, and neither its
    // position nor the partition's offset waits for it.
    private bool[] _building;
    private long _committed = -1;
    private bool _fenced;

    // Wall clock (Unix ms) of the last commit tick that found everything written delivered.
    private long _caughtUpAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <remarks>
    /// <c>views</c> names the topic's views, each tracked apart (<see cref="ViewPosition"/>) and, given
    /// <c>positions</c>, each view's position stored there with every commit.
    /// The <c>reader</c>'s high watermark measures lag; <c>lease</c> is the claim commits are made under,
    /// and without one they are unchecked.
    /// The <c>clock</c> times renewals (the system's unless a test hands in its own); <c>health</c> hears of
    /// a commit held back by one event (stuck) and of fencing.
    /// </remarks>
    public PartitionCommitter(
        string topic,
        int partition,
        KafkaStreamOptions options,
        IPartitionConsumer consumer,
        PartitionReader reader,
        PartitionLease? lease,
        ILogger logger,
        TimeProvider? clock = null,
        PartitionHealth? health = null,
        IReadOnlyList<string>? views = null,
        IViewPositionStore? positions = null)
    {
        _viewNames = [.. views ?? []];
        _positions = positions;
        _topicPartition = new TopicPartition(topic, partition);
        _viewTrackers = [.. _viewNames.Select(_ => new OffsetTracker(0))];
        _viewStarts = new long[_viewNames.Length];
        _viewCommitted = [.. _viewNames.Select(_ => -1L)];
        _building = new bool[_viewNames.Length];
        _health = health;
        _topic = topic;
        _partition = partition;
        _consumer = consumer;
        _reader = reader;
        _lease = lease;
        _interval = options.CommitInterval;
        _renewInterval = options.OffsetRenewInterval;
        _clock = clock ?? TimeProvider.System;
        _renewedAt = _clock.GetTimestamp();
        _logger = logger;
        _tags = KafkaStreamMetrics.Tags(topic, partition);
        _heldCommit = new HeldCommitWatch(options.CommitInterval * HeldCommitTicks);
    }

    /// <summary>Raised once, off the commit path, when a newer claim of the partition fenced this receiver.</summary>
    public Action? Fenced { get; set; }

    /// <summary>Whether a newer owner's claim stopped this receiver's commits.</summary>
    public bool IsFenced => Volatile.Read(ref _fenced);

    /// <summary>The commit rule of the log being read; replaced on a log reset.</summary>
    public OffsetTracker Tracker => Volatile.Read(ref _tracker);

    /// <summary>
    /// The position of the view at index <paramref name="view"/>: the first offset it has not applied (or had
    /// dead-lettered), whatever the other views have done.
    /// </summary>
    public long ViewPosition(int view) =>
        Math.Max(Volatile.Read(ref _viewTrackers)[view].CommittableOffset(), Volatile.Read(ref _viewStarts)[view]);

    /// <summary>The topic's views by name, in the order <see cref="ViewPosition"/> addresses them.</summary>
    public IReadOnlyList<string> Views => _viewNames;

    /// <summary>Where each view started on this partition: nothing below is delivered to it.</summary>
    public IReadOnlyList<long> ViewStarts => Volatile.Read(ref _viewStarts);

    /// <summary>Registers a batch just read with the partition's commit rule and every view's; see <see cref="OffsetTracker.Append"/>.</summary>
    public OffsetTracker.Segment Append(long[] offsets, byte[] parts, long[] timestamps)
    {
        lock (_handoverLock)
        {
            var segment = Tracker.Append(offsets, parts, timestamps);
            var views = Volatile.Read(ref _viewTrackers);
            if (views.Length > 0)
            {
                segment.PerView = [.. views.Select(view => view.Append(offsets))];
            }

            return segment;
        }
    }

    public bool IsBuilding(int view) => Volatile.Read(ref Volatile.Read(ref _building)[view]);

    public long NextOffset => Tracker.NextOffset;

    /// <remarks>
    /// Under the lock Append takes, so the batches appended so far are all below <paramref name="position"/>
    /// (the catch-up applied them: the delivery policy skips them for the view, whenever their calls run) and
    /// every batch appended later is delivered to the view from <paramref name="position"/> on.
    /// </remarks>
    public bool TryHandOver(int view, long position)
    {
        lock (_handoverLock)
        {
            var building = Volatile.Read(ref _building);
            if (!building[view] || position < Tracker.NextOffset)
            {
                return false;
            }

            lock (_commitLock)
            {
                // The catch-up stored this position; from now on this committer stores the view's.
                Volatile.Read(ref _viewCommitted)[view] = position;
            }

            Volatile.Write(ref Volatile.Read(ref _viewStarts)[view], position);
            Volatile.Write(ref building[view], false);
            return true;
        }
    }

    /// <summary>The offset committed last, or -1 before the first commit.</summary>
    public long CommittedOffset => Interlocked.Read(ref _committed);

    /// <summary>The partition's high watermark as last fetched, never below the committed offset.</summary>
    public long HighWatermark => Math.Max(_reader.HighWatermark, CommittedOffset);

    /// <summary>
    /// The age of the oldest message read but not delivered; with none in flight but messages unread (the reader
    /// cannot reach the broker, or waits), the time since the partition was last caught up, which no unread
    /// message is older than; 0 when caught up.
    /// </summary>
    public double LagSeconds
    {
        get
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var tracker = Tracker;
            var since = tracker.OldestPendingTimestamp()
                ?? (HighWatermark > tracker.CommittableOffset() ? Interlocked.Read(ref _caughtUpAt) : now);
            return Math.Max(0, (now - since) / 1000.0);
        }
    }

    /// <summary>Starts the commit rule at <paramref name="startOffset"/>, the offset reading starts at.</summary>
    /// <param name="startOffset">The offset reading starts at.</param>
    /// <param name="viewStarts">
    /// Per view, where it starts (<see cref="ViewStartRule"/>); every view live at the start offset, stored there,
    /// when null. A live view's start is stored with the first commit unless it is its stored position already.
    /// </param>
    public void Begin(long startOffset, IReadOnlyList<ViewStartPoint>? viewStarts = null)
    {
        var points = viewStarts ?? [.. _viewNames.Select(_ => ViewStartPoint.Live(startOffset))];
        Volatile.Write(ref _building, [.. points.Select(p => p.Building)]);
        Volatile.Write(ref _viewCommitted, [.. points.Select(p => p.Building || p.Stored == p.Offset ? p.Stored : -1)]);
        Volatile.Write(ref _viewStarts, [.. points.Select(p => p.Building ? long.MaxValue : p.Offset)]);
        Volatile.Write(ref _tracker, new OffsetTracker(startOffset));
        Volatile.Write(ref _viewTrackers, Fresh(_viewTrackers, startOffset));
        Interlocked.Exchange(ref _committed, startOffset);
    }

    /// <summary>Starts the commit rule afresh at <paramref name="offset"/> of a new log (a log reset).</summary>
    public void Reset(long offset)
    {
        lock (_commitLock)
        {
            // A new log has no history to catch up on: every view reads it live, and a catch-up still under way stops.
            Volatile.Write(ref _building, new bool[_viewNames.Length]);
            Volatile.Write(ref _viewCommitted, [.. _viewNames.Select(_ => -1L)]);
            Volatile.Write(ref _viewStarts, [.. _viewNames.Select(_ => offset)]);
            Volatile.Write(ref _tracker, new OffsetTracker(offset));
            Volatile.Write(ref _viewTrackers, Fresh(_viewTrackers, offset));

            // The old log's committed offset says nothing about the new one: the next commit starts it afresh.
            Interlocked.Exchange(ref _committed, -1);
        }
    }

    /// <summary>
    /// Commits every interval until <paramref name="token"/> is cancelled, on a thread of its own: its broker
    /// calls block for as long as their timeouts while the brokers are away.
    /// </summary>
    public Task RunAsync(CancellationToken token) => BrokerCalls.RunAsync(() =>
    {
        while (!token.WaitHandle.WaitOne(_interval))
        {
            ObserveProgress();
            Commit();
        }
    });

    /// <summary>
    /// Commits the committable offset if it moved, or the unchanged one when a renewal is due, while this
    /// receiver still owns the partition.
    /// </summary>
    public void Commit()
    {
        lock (_commitLock)
        {
            var (offset, inFlight) = _tracker.CommitPoint();
            WatchHeldCommit(offset, inFlight);
            var renew = _committed >= 0 && _clock.GetElapsedTime(_renewedAt) >= _renewInterval;
            var views = ViewPositionsToStore(renew);
            var moved = offset > _committed;
            if (!moved && !renew && views.Count == 0)
            {
                return;
            }

            offset = Math.Max(offset, _committed);
            try
            {
                if (!HoldsLease(offset, renew))
                {
                    return;
                }

                // The views' positions first: a view's stored position is then never behind the partition's.
                foreach (var (view, position) in views)
                {
                    _positions!.Commit(_topicPartition, _viewNames[view], position);
                    _viewCommitted[view] = position;
                }

                if (!moved && !renew)
                {
                    // Only views moved: a view held back by failures holds the partition's offset too.
                    return;
                }

                _consumer.Commit(offset);
                Interlocked.Exchange(ref _committed, offset);
                if (renew)
                {
                    _renewedAt = _clock.GetTimestamp();
                }
            }
            catch (KafkaException ex)
            {
                // The next tick retries; nothing is lost by committing later.
                DeliveryLog.CommitFailed(_logger, _topic, _partition, offset, ex.Error.Reason);
            }
        }
    }

    // Called under the commit lock: the views whose position moved since it was stored, or all when renewing.
    private List<(int View, long Position)> ViewPositionsToStore(bool renew)
    {
        var moved = new List<(int View, long Position)>();
        if (_positions is null)
        {
            return moved;
        }

        var committed = Volatile.Read(ref _viewCommitted);
        var building = Volatile.Read(ref _building);
        for (var view = 0; view < committed.Length; view++)
        {
            if (building[view])
            {
                // Its catch-up reader stores its position.
                continue;
            }

            var position = ViewPosition(view);
            if (position > committed[view] || (renew && committed[view] >= 0))
            {
                moved.Add((view, Math.Max(position, committed[view])));
            }
        }

        return moved;
    }

    /// <summary>Reports one delivery (views' or streams') of an event of <paramref name="segment"/>.</summary>
    public void MarkDelivered(OffsetTracker.Segment segment, int index)
    {
        if (Tracker.MarkDelivered(segment, index))
        {
            KafkaStreamMetrics.RecordDelivered(_tags, 1);
        }
    }

    public void Applied(int view, DecodedMessage[] messages)
    {
        KafkaStreamMetrics.RecordApplied(_tags, messages.Length);
        var tracker = Tracker;
        var delivered = 0;
        foreach (var message in messages)
        {
            var segment = message.Segment!;
            if (segment.PerView.Length > 0)
            {
                segment.PerView[view].Tracker.MarkDelivered(segment.PerView[view], message.Index);
            }

            delivered += tracker.MarkDelivered(segment, message.Index) ? 1 : 0;
        }

        KafkaStreamMetrics.RecordDelivered(_tags, delivered);
    }

    public void DeadLettered(DecodedMessage message, int? view = null)
    {
        var segment = message.Segment!;
        if (view is { } one)
        {
            if (segment.PerView.Length > 0)
            {
                segment.PerView[one].Tracker.MarkDelivered(segment.PerView[one], message.Index);
            }

            MarkDelivered(segment, message.Index);
            return;
        }

        // Never an event: done with for every view at once, and one delivery of the partition's.
        foreach (var perView in segment.PerView)
        {
            perView.Tracker.MarkDelivered(perView, message.Index);
        }

        MarkDelivered(segment, message.Index);
    }

    private static OffsetTracker[] Fresh(OffsetTracker[] views, long offset) =>
        [.. views.Select(_ => new OffsetTracker(offset))];

    /// <summary>
    /// Refreshes the high watermark from librdkafka's fetch state (the reader refreshes it only between reads,
    /// and waits while delivery is behind), and notes when the partition is caught up, for lag in seconds.
    /// </summary>
    private void ObserveProgress()
    {
        _reader.RefreshHighWatermark();
        if (Tracker.CommittableOffset() >= HighWatermark)
        {
            Interlocked.Exchange(ref _caughtUpAt, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }
    }

    /// <summary>
    /// Called under the commit lock just before a commit. Once another receiver has claimed the partition this
    /// receiver neither commits nor reads again: its offsets would move the new owner's committed offset back.
    /// </summary>
    /// <exception cref="KafkaException">The claim could not be read; the commit is retried later.</exception>
    private bool HoldsLease(long offset, bool renew)
    {
        if (_lease is null)
        {
            return true;
        }

        if (_fenced)
        {
            return false;
        }

        var current = _lease.Current(LeaseCheckTimeout);
        if (current == _lease.Epoch)
        {
            if (renew)
            {
                _lease.Renew(LeaseCheckTimeout);
            }

            return true;
        }

        if (current == OwnershipEpoch.None)
        {
            // Any claim, even the first, leaves an epoch behind: an empty record was forgotten by the broker's
            // offset retention, not taken by another receiver. Restore this one rather than stop for good.
            _lease.Renew(LeaseCheckTimeout);
            DeliveryLog.ClaimRestored(_logger, _topic, _partition, _lease.Epoch.ToString());
            return true;
        }

        Volatile.Write(ref _fenced, true);
        DeliveryLog.Fenced(_logger, _topic, _partition, offset, _lease.Epoch.ToString(), current.ToString());
        _health?.Enter(PartitionCondition.Fenced, $"another receiver claimed the partition (epoch {current}, this receiver's {_lease.Epoch})");
        if (Fenced is { } fenced)
        {
            _ = Task.Run(fenced);
        }

        return false;
    }

    private void WatchHeldCommit(long offset, bool inFlight)
    {
        switch (_heldCommit.Observe(offset, inFlight, Environment.TickCount64))
        {
            case HeldCommitWatch.Change.HeldBack:
                DeliveryLog.CommitHeldBack(_logger, _topic, _partition, _heldCommit.Offset, _heldCommit.HeldFor);
                _health?.Enter(PartitionCondition.Stuck, $"the event at offset {_heldCommit.Offset} is still being delivered and holds the commit back", DateTimeOffset.UtcNow - _heldCommit.HeldFor);
                break;
            case HeldCommitWatch.Change.Released:
                DeliveryLog.CommitReleased(_logger, _topic, _partition, _heldCommit.Offset, _heldCommit.HeldFor);
                _health?.Leave(PartitionCondition.Stuck);
                break;
        }
    }
}
