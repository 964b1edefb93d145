using System.Diagnostics.Metrics;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>A partition never stops silently: each condition is reported, logged once on entering and once on leaving.</summary>
public sealed class PartitionHealthTests
{
    private const int Entered = 1130, Left = 1131;
    private readonly RecordedLogs _logs = new();
    private readonly PartitionHealth _health;

    public PartitionHealthTests() => _health = new PartitionHealth(Canned.Topic, 3, _logs);

    [Fact]
    public void A_condition_is_logged_once_on_entering_and_once_on_leaving_however_often_it_is_reported()
    {
        _health.Enter(PartitionCondition.ReadFailing, "reading fails: broker down");
        var since = _health.Current.Since;
        _health.Enter(PartitionCondition.ReadFailing, "reading fails: still down");

        Assert.Equal(PartitionCondition.ReadFailing, _health.Current.Condition);
        Assert.Equal("reading fails: still down", _health.Current.Reason);
        Assert.Equal(since, _health.Current.Since);
        var warning = Assert.Single(_logs.WithEventId(Entered));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains($"Partition {Canned.Topic}-3 is ReadFailing since", warning.Message, StringComparison.Ordinal);

        _health.Leave(PartitionCondition.ReadFailing);
        _health.Leave(PartitionCondition.ReadFailing);

        Assert.Equal(PartitionCondition.Reading, _health.Current.Condition);
        Assert.Null(_health.Current.Reason);
        Assert.Equal(LogLevel.Information, Assert.Single(_logs.WithEventId(Left)).Level);
    }

    [Fact]
    public void The_worst_condition_is_reported_until_it_clears()
    {
        _health.Enter(PartitionCondition.Stuck, "offset 5 in delivery");
        _health.Enter(PartitionCondition.Fenced, "another receiver claimed the partition");

        Assert.Equal(PartitionCondition.Fenced, _health.Current.Condition);
        _health.Leave(PartitionCondition.Fenced);
        Assert.Equal(PartitionCondition.Stuck, _health.Current.Condition);
        Assert.Equal("offset 5 in delivery", _health.Current.Reason);
    }

    [Fact]
    public void The_condition_gauge_reports_each_registered_partition()
    {
        var seen = new List<(int Value, string? Condition)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KafkaStreamMetrics.MeterName && instrument.Name == "actorviews.kafka.partition.condition")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            var mine = false;
            string? condition = null;
            foreach (var tag in tags)
            {
                mine |= tag.Key == "messaging.destination.partition.id" && Equals(tag.Value, 3) && _health.Tags.Any(t => t.Key == "messaging.destination.name" && Equals(t.Value, Canned.Topic));
                condition = tag.Key == "actorviews.partition.condition" ? tag.Value as string : condition;
            }

            if (mine)
            {
                seen.Add((value, condition));
            }
        });
        listener.Start();

        KafkaStreamMetrics.Register(_health);
        try
        {
            _health.Enter(PartitionCondition.StartFailing, "the receiver cannot start: broker down");
            listener.RecordObservableInstruments();
        }
        finally
        {
            KafkaStreamMetrics.Unregister(_health);
        }

        Assert.Contains((3, "StartFailing"), seen);
    }
}
