using System.Diagnostics.Metrics;

namespace ActorViews.Tests.Shared;

/// <summary>
/// Reads one of the provider's observable gauges (e.g. <c>actorviews.kafka.view.building</c>) as a metrics
/// exporter would at a collection: every measurement with its tags.
/// </summary>
public sealed class ProviderGauge : IDisposable
{
    // KafkaStreamMetrics.MeterName, named here as in ProviderCounter.
    private const string MeterName = "ActorViews.Streaming.Kafka";

    private readonly MeterListener _listener = new();
    private readonly List<Measurement> _collected = [];

    public ProviderGauge(string instrument)
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
            var named = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                named[tag.Key] = tag.Value?.ToString() ?? string.Empty;
            }

            _collected.Add(new Measurement(named, value));
        });
        _listener.Start();
    }

    /// <summary>Collects the gauge once and returns what it measured.</summary>
    public IReadOnlyList<Measurement> Read()
    {
        lock (_collected)
        {
            _collected.Clear();
            _listener.RecordObservableInstruments();
            return [.. _collected];
        }
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One measurement: its tags by key, and its value.</summary>
    public sealed record Measurement(IReadOnlyDictionary<string, string> Tags, long Value)
    {
        public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;
    }
}
