namespace ActorViews.Grains;

/// <summary>
/// A customer's spending grouped into event-time sessions: events closer than <see cref="InactivityGap"/>
/// belong to one session. Events may arrive out of event-time order (a customer's orders sit on many
/// partitions), so a late event can bridge two sessions, which then merge.
/// </summary>
[GenerateSerializer]
public sealed class FraudSessions
{
    /// <summary>The inactivity that closes a session.</summary>
    public static readonly TimeSpan InactivityGap = TimeSpan.FromHours(1);

    /// <summary>How far behind the newest event a session is kept; older ones can no longer change any verdict that matters.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);

    /// <summary>
    /// How far ahead of this silo's clock an event time is believed. The window keeps <see cref="Retention"/> behind
    /// its newest event, so one event stamped years ahead (any producer sets the timestamp) would push every real
    /// session out; a later time counts as now plus this skew.
    /// </summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    /// <summary>The sessions, ordered by start.</summary>
    [Id(0)]
    public List<FraudSession> Sessions { get; set; } = [];

    /// <summary>The total of the session with the newest event, or 0 when there is none.</summary>
    public decimal LatestTotal => Sessions.Count == 0 ? 0 : Sessions[^1].Total;

    /// <summary>The time an event stamped <paramref name="timestamp"/> counts at: its own, but no later than <paramref name="now"/> plus <see cref="MaxClockSkew"/>.</summary>
    public static DateTimeOffset EventTime(DateTimeOffset timestamp, DateTimeOffset now) =>
        timestamp - now > MaxClockSkew ? now + MaxClockSkew : timestamp;

    /// <summary>Adds spending of <paramref name="amount"/> at <paramref name="time"/> (see <see cref="EventTime"/>).</summary>
    /// <returns>The total of the session the spending now belongs to, itself included.</returns>
    public decimal Add(DateTimeOffset time, decimal amount)
    {
        var merged = new FraudSession(time, time, amount);
        var kept = new List<FraudSession>(Sessions.Count + 1);
        foreach (var session in Sessions)
        {
            if (time >= session.Start - InactivityGap && time <= session.End + InactivityGap)
            {
                merged = new FraudSession(
                    session.Start < merged.Start ? session.Start : merged.Start,
                    session.End > merged.End ? session.End : merged.End,
                    merged.Total + session.Total);
            }
            else
            {
                kept.Add(session);
            }
        }

        kept.Add(merged);
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        var newest = kept.Max(s => s.End);
        kept.RemoveAll(s => s.End < newest - Retention);
        Sessions = kept;
        return merged.Total;
    }
}

/// <summary>One spending session.</summary>
/// <param name="Start">Event time of its first event.</param>
/// <param name="End">Event time of its last event.</param>
/// <param name="Total">Σ quantity × price of its events.</param>
[GenerateSerializer, Immutable]
public sealed record FraudSession(
    [property: Id(0)] DateTimeOffset Start,
    [property: Id(1)] DateTimeOffset End,
    [property: Id(2)] decimal Total);
