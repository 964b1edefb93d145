using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ActorViews.Streaming.Kafka.Diagnostics;

/// <summary>
/// The provider's instruments (meter <see cref="MeterName"/>), named after OpenTelemetry's messaging
/// conventions: every partition measurement carries <c>messaging.destination.name</c> (topic) and
/// <c>messaging.destination.partition.id</c>.
/// </summary>
public static class KafkaStreamMetrics
{
    /// <summary>The meter to enable in an OpenTelemetry pipeline.</summary>
    public const string MeterName = "ActorViews.Streaming.Kafka";

    /// <summary>The attribute naming the silo that owns a partition (its address, as <c>/v1/status</c> shows owners).</summary>
    public const string SiloAttribute = "actorviews.silo";

    private static readonly Meter Meter = new(MeterName);
    private static readonly ConcurrentDictionary<IPartitionGauges, byte> Partitions = new();
    private static readonly ConcurrentDictionary<PartitionHealth, byte> Conditions = new();

    private static readonly Counter<long> Consumed = Meter.CreateCounter<long>("actorviews.kafka.events.consumed", "{event}", "Messages read from Kafka by this silo.");
    private static readonly Counter<long> Delivered = Meter.CreateCounter<long>("actorviews.kafka.events.delivered", "{event}", "Messages done with and so eligible for commit: applied by every view and handed to stream consumers (each the topic has), or dead-lettered.");
    private static readonly Counter<long> Applied = Meter.CreateCounter<long>("actorviews.kafka.events.applied", "{event}", "Events applied by every view of the topic (in view calls that succeeded, retries included); not dead letters, not stream deliveries.");
    private static readonly Counter<long> ViewEventsApplied = Meter.CreateCounter<long>("actorviews.view.events.applied", "{event}", "Events handed to a view type in calls that succeeded.");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("actorviews.kafka.delivery.failures", "{failure}", "View calls that threw and were retried or dead-lettered.");
    private static readonly Counter<long> DeadLettered = Meter.CreateCounter<long>("actorviews.kafka.events.dead_lettered", "{event}", "Messages moved to a dead-letter topic.");
    private static readonly Histogram<double> ApplyDuration = Meter.CreateHistogram<double>("actorviews.view.apply.duration", "s", "Duration of one view grain call with one key's batch; actorviews.outcome says whether it succeeded or failed.");
    private static readonly Counter<long> LogResets = Meter.CreateCounter<long>("actorviews.kafka.log_resets", "{reset}", "New logs found under a partition (topic recreated, embedded broker restarted), once per partition and new log per silo; tagged with how it was noticed (actorviews.log_reset.cause).");
    private static readonly Counter<long> ViewCalls = Meter.CreateCounter<long>("actorviews.view.calls", "{call}", "View grain calls made by the delivery engine.");

    static KafkaStreamMetrics()
    {
        Meter.CreateObservableGauge("actorviews.kafka.partition.committed_offset", () => Observe(p => p.CommittedOffset), "{offset}", "The offset last committed by this silo.");
        Meter.CreateObservableGauge("actorviews.kafka.partition.high_watermark", () => Observe(p => p.HighWatermark), "{offset}", "The partition's high watermark as last fetched.");
        Meter.CreateObservableGauge("actorviews.kafka.partition.lag", () => Observe(p => Math.Max(0, p.HighWatermark - p.CommittedOffset)), "{event}", "Messages written but not yet committed as delivered.");
        Meter.CreateObservableGauge("actorviews.kafka.partition.lag_seconds", () => ObserveDouble(p => p.LagSeconds), "s", "Age of the oldest read but undelivered message; 0 when caught up.");
        Meter.CreateObservableGauge("actorviews.kafka.view.lag", ObserveViewLags, "{event}", "Per view (actorviews.view, its name as GET /v1/views shows it) and partition this silo reads: messages written that the view has not applied.");
        Meter.CreateObservableGauge("actorviews.kafka.view.building", ObserveViewsBuilding, "{view}", "Per view and partition this silo reads: 1 while the view reads the partition's history with a reader of its own (a new view catching up), 0 once the live reader delivers to it.");
        Meter.CreateObservableGauge("actorviews.kafka.partition.owned", ObserveOwned, "{partition}", "1 per partition this silo reads, with the silo's address in actorviews.silo.");
        Meter.CreateObservableGauge("actorviews.kafka.partition.condition", ObserveConditions, "{condition}", "The condition of each partition Orleans gives this silo: 0 reading, 1 stuck on one event, 2 read failing, 3 start failing (not read at all), 4 fenced; named in actorviews.partition.condition.");
    }

    internal static void Register(IPartitionGauges partition) => Partitions.TryAdd(partition, 0);

    internal static void Unregister(IPartitionGauges partition) => Partitions.TryRemove(partition, out _);

    internal static void Register(PartitionHealth partition) => Conditions.TryAdd(partition, 0);

    internal static void Unregister(PartitionHealth partition) => Conditions.TryRemove(partition, out _);

    internal static void RecordConsumed(in TagList tags, int count) => Consumed.Add(count, tags);

    internal static void RecordDelivered(in TagList tags, int count) => Delivered.Add(count, tags);

    internal static void RecordApplied(in TagList tags, int count) => Applied.Add(count, tags);

    internal static void RecordFailure(in TagList tags) => Failures.Add(1, tags);

    internal static void RecordDeadLettered(in TagList tags) => DeadLettered.Add(1, tags);

    internal static void RecordLogReset(in TagList tags) => LogResets.Add(1, tags);

    /// <summary>Records one view grain call with <paramref name="events"/> events that took <paramref name="duration"/>.</summary>
    internal static void RecordViewCall(string view, TimeSpan duration, int events, bool succeeded)
    {
        var tags = new TagList { { "actorviews.view", view } };
        ViewCalls.Add(1, tags);
        if (succeeded)
        {
            ViewEventsApplied.Add(events, tags);
        }

        tags.Add("actorviews.outcome", succeeded ? "success" : "failure");
        ApplyDuration.Record(duration.TotalSeconds, tags);
    }

    internal static TagList Tags(string topic, int partition) => new()
    {
        { "messaging.system", "kafka" },
        { "messaging.destination.name", topic },
        { "messaging.destination.partition.id", partition },
    };

    private static IEnumerable<Measurement<long>> Observe(Func<IPartitionGauges, long> value) =>
        Partitions.Keys.Select(p => new Measurement<long>(value(p), p.Tags));

    private static IEnumerable<Measurement<long>> ObserveViewLags() => Partitions.Keys.SelectMany(p =>
    {
        var high = p.HighWatermark;
        return p.ViewPositions.Select(view =>
        {
            var tags = p.Tags;
            tags.Add("actorviews.view", view.View);
            return new Measurement<long>(Math.Max(0, high - view.Position), tags);
        });
    });

    private static IEnumerable<Measurement<long>> ObserveViewsBuilding() => Partitions.Keys.SelectMany(p =>
    {
        var building = p.BuildingViews.ToHashSet(StringComparer.Ordinal);
        return p.ViewPositions.Select(view =>
        {
            var tags = p.Tags;
            tags.Add("actorviews.view", view.View);
            return new Measurement<long>(building.Contains(view.View) ? 1 : 0, tags);
        });
    });

    private static IEnumerable<Measurement<long>> ObserveOwned() => Partitions.Keys.Select(p =>
    {
        var tags = p.Tags;
        if (p.Owner is { } silo)
        {
            tags.Add(SiloAttribute, silo);
        }

        return new Measurement<long>(1, tags);
    });

    private static IEnumerable<Measurement<int>> ObserveConditions() => Conditions.Keys.Select(p =>
    {
        var condition = p.Current.Condition;
        var tags = p.Tags;
        tags.Add("actorviews.partition.condition", condition.ToString());
        return new Measurement<int>((int)condition, tags);
    });

    private static IEnumerable<Measurement<double>> ObserveDouble(Func<IPartitionGauges, double> value) =>
        Partitions.Keys.Select(p => new Measurement<double>(value(p), p.Tags));
}

/// <summary>What a partition this silo reads reports to the observable gauges.</summary>
internal interface IPartitionGauges
{
    TagList Tags { get; }

    long CommittedOffset { get; }

    long HighWatermark { get; }

    double LagSeconds { get; }

    string? Owner { get; }

    /// <summary>Each view of the partition's topic by name, with its own position (the first offset it has not applied).</summary>
    IEnumerable<(string View, long Position)> ViewPositions { get; }

    /// <summary>The views still catching up on the partition's history with a reader of their own.</summary>
    IEnumerable<string> BuildingViews { get; }
}
