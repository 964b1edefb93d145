namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Notices a partition's commit staying at one offset because the message there is still in flight (a view
/// call blocked, failing or retrying) for longer than <paramref name="threshold"/>, and notices it moving again:
/// one report per held offset, however many commit ticks see it.
/// </summary>
/// <param name="threshold">How long an offset may hold the commit before it is reported.</param>
internal sealed class HeldCommitWatch(TimeSpan threshold)
{
    private long _offset = -1;
    private long _since;
    private bool _reported;

    /// <summary>What the last observation changed.</summary>
    internal enum Change
    {
        /// <summary>Nothing to report.</summary>
        None,

        /// <summary>The commit has been held at <see cref="Offset"/> for <see cref="HeldFor"/>: report it once.</summary>
        HeldBack,

        /// <summary>A reported offset no longer holds the commit; it held it for <see cref="HeldFor"/>.</summary>
        Released,
    }

    /// <summary>The offset the last <see cref="Change.HeldBack"/> or <see cref="Change.Released"/> is about.</summary>
    public long Offset { get; private set; }

    /// <summary>How long <see cref="Offset"/> held the commit back.</summary>
    public TimeSpan HeldFor { get; private set; }

    /// <summary>Takes the commit point seen at <paramref name="nowMs"/> (a monotonic clock in milliseconds).</summary>
    /// <param name="offset">The committable offset.</param>
    /// <param name="inFlight">Whether a message in flight holds the commit at <paramref name="offset"/>.</param>
    /// <param name="nowMs">The time of the observation, e.g. <see cref="Environment.TickCount64"/>.</param>
    public Change Observe(long offset, bool inFlight, long nowMs)
    {
        if (inFlight && offset == _offset)
        {
            if (_reported || nowMs - _since < threshold.TotalMilliseconds)
            {
                return Change.None;
            }

            _reported = true;
            (Offset, HeldFor) = (offset, TimeSpan.FromMilliseconds(nowMs - _since));
            return Change.HeldBack;
        }

        var change = Change.None;
        if (_reported)
        {
            (Offset, HeldFor) = (_offset, TimeSpan.FromMilliseconds(nowMs - _since));
            change = Change.Released;
        }

        // A new offset in flight starts its own clock; with nothing in flight there is nothing to time.
        (_offset, _since, _reported) = (inFlight ? offset : -1, nowMs, false);
        return change;
    }
}
