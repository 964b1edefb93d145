using System.Diagnostics;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Calls a topic's view grains, one view at a time: a key view with a message key's run of events, a partition
/// view with a partition's run under its <see cref="KafkaPartitionKey"/>.
/// </summary>
internal abstract class ViewDispatcher
{
    public static ViewDispatcher Create(KafkaTopic topic, IGrainFactory grainFactory) =>
        (ViewDispatcher)Activator.CreateInstance(typeof(ViewDispatcher<>).MakeGenericType(topic.EventType), topic, grainFactory)!;

    /// <summary>
    /// The topic's views by name (<see cref="ViewNames"/>), key views first, then partition views
    /// (<see cref="KafkaTopic.AllViews"/>); a view's index here is how it is addressed.
    /// </summary>
    public abstract IReadOnlyList<string> Views { get; }

    /// <summary>How many of <see cref="Views"/> are key views; the rest are partition views.</summary>
    public abstract int KeyViews { get; }

    /// <summary>
    /// Applies <paramref name="messages"/> (one key, ascending offsets) to the view at index <paramref name="view"/>.
    /// Every view call is timed and counted here, first attempts and retries alike.
    /// </summary>
    public abstract Task DispatchAsync(int view, string key, int partition, DecodedMessage[] messages, string logId);
}

/// <summary>The typed half of <see cref="ViewDispatcher"/>, made once per topic.</summary>
internal sealed class ViewDispatcher<TEvent> : ViewDispatcher
{
    private readonly string _topic;
    private readonly IGrainFactory _grainFactory;
    private readonly View[] _views;

    public ViewDispatcher(KafkaTopic topic, IGrainFactory grainFactory)
    {
        _topic = topic.Name;
        _grainFactory = grainFactory;

        // GetGrain<IKafkaView<TEvent>>(id) formats the generic interface's name on every call (a third of all
        // bytes allocated per event at 100k keys); resolve the grain and interface types once per view instead.
        _views = [.. topic.AllViews.Select((view, i) => View.Resolve(view, topic.ViewVersions[i], grainFactory))];
        Views = topic.ViewNames;
        KeyViews = topic.Views.Count;
    }

    public override IReadOnlyList<string> Views { get; }

    public override int KeyViews { get; }

    public override Task DispatchAsync(int view, string key, int partition, DecodedMessage[] messages, string logId)
    {
        var events = new KafkaEvent<TEvent>[messages.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var message = messages[i];
            events[i] = new KafkaEvent<TEvent>(message.Offset, message.Timestamp, (TEvent)message.Event!, message.ReplayOf);
        }

        return TimedCallAsync(_views[view], key, new KafkaEventBatch<TEvent>(_topic, partition, events, logId));
    }

    private Task Call(View view, string key, KafkaEventBatch<TEvent> batch) =>
        ((IKafkaView<TEvent>)_grainFactory.GetGrain(GrainId.Create(view.GrainType, ViewVersions.GrainKey(key, view.Version)), view.InterfaceType)).ApplyAsync(batch);

    private async Task TimedCallAsync(View view, string key, KafkaEventBatch<TEvent> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await Call(view, key, batch).ConfigureAwait(false);
        }
        catch
        {
            KafkaStreamMetrics.RecordViewCall(view.Name, Stopwatch.GetElapsedTime(started), batch.Events.Count, succeeded: false);
            throw;
        }

        KafkaStreamMetrics.RecordViewCall(view.Name, Stopwatch.GetElapsedTime(started), batch.Events.Count, succeeded: true);
    }

    // A version after the first is another grain of the same type: its key carries the version (ViewVersions).
    private sealed record View(string Name, int Version, GrainType GrainType, GrainInterfaceType InterfaceType)
    {
        public static View Resolve(Type view, int version, IGrainFactory grainFactory)
        {
            var reference = (GrainReference)grainFactory.GetGrain(view, "_");
            return new View(view.Name, version, reference.GrainId.Type, reference.InterfaceType);
        }
    }
}
