using System.Diagnostics.Metrics;

namespace ActorViews.Tests.Shared;

/// <summary>
/// Sums one of the provider's counters (e.g. <c>actorviews.kafka.events.dead_lettered</c>) for one topic, as a
/// metrics exporter would see it; given a tag, only the measurements that carry it.
/// </summary>
public sealed class ProviderCounter : IDisposable
{
    // The meter an exporter is configured with (KafkaStreamMetrics.MeterName); named here so that test
    // projects without the provider can still share this file.
    private const string MeterName = "ActorViews.Streaming.Kafka";

    private readonly MeterListener _listener = new();
    private long _count;

    public ProviderCounter(string instrument, string topic, (string Key, string Value)? tag = null)
    {
        _listener.InstrumentPublished = (published, listener) =>
        {
            if (published.Meter.Name == MeterName && published.Name == instrument)
            {
                listener.EnableMeasurementEvents(published);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var topicMatches = false;
            var tagMatches = tag is null;
            foreach (var t in tags)
            {
                topicMatches |= t.Key == "messaging.destination.name" && Equals(t.Value, topic);
                tagMatches |= tag is { } wanted && t.Key == wanted.Key && Equals(t.Value, wanted.Value);
            }

            if (topicMatches && tagMatches)
            {
                Interlocked.Add(ref _count, value);
            }
        });
        _listener.Start();
    }

    public long Count => Interlocked.Read(ref _count);

    public void Dispose() => _listener.Dispose();
}
