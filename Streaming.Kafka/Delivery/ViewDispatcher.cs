using System.Diagnostics;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Calls a set of view grains of a topic (its key views, or its partition views) with one grain key's run of
/// events: a message key's run, or a partition's run under its <see cref="KafkaPartitionKey"/>.
/// </summary>
internal abstract class ViewDispatcher
{
    /// <summary>What the dead-letter reason names as having failed: "the event" for key views, which name no view since their keys tell them apart.</summary>
    public virtual string Target => "the event";

    /// <param name="topic">The topic whose events the views apply.</param>
    /// <param name="views">The view interfaces to call: the topic's key views or its partition views.</param>
    /// <param name="grainFactory">Where the view grains are found.</param>
    /// <param name="target">Names the views in a dead-letter reason; null for key views.</param>
    public static ViewDispatcher Create(KafkaTopic topic, IReadOnlyList<Type> views, IGrainFactory grainFactory, string? target = null) =>
        (ViewDispatcher)Activator.CreateInstance(typeof(ViewDispatcher<>).MakeGenericType(topic.EventType), topic, views, grainFactory, target)!;

    /// <summary>
    /// Applies <paramref name="messages"/> (one key, ascending offsets) to every view; completes when all did.
    /// Every view call is timed and counted here, first attempts and retries alike.
    /// </summary>
    public abstract Task DispatchAsync(string key, int partition, DecodedMessage[] messages, string logId);
}

/// <summary>The typed half of <see cref="ViewDispatcher"/>, made once per topic.</summary>
internal sealed class ViewDispatcher<TEvent> : ViewDispatcher
{
    private readonly string _topic;
    private readonly IGrainFactory _grainFactory;
    private readonly View[] _views;
    private readonly string? _target;

    public ViewDispatcher(KafkaTopic topic, IReadOnlyList<Type> views, IGrainFactory grainFactory, string? target)
    {
        _topic = topic.Name;
        _grainFactory = grainFactory;
        _target = target;

        // GetGrain<IKafkaView<TEvent>>(id) formats the generic interface's name on every call (a third of all
        // bytes allocated per event at 100k keys); resolve the grain and interface types once per view instead.
        _views = [.. views.Select(view => View.Resolve(view, grainFactory))];
    }

    public override string Target => _target ?? base.Target;

    public override Task DispatchAsync(string key, int partition, DecodedMessage[] messages, string logId)
    {
        var events = new KafkaEvent<TEvent>[messages.Length];
        for (var i = 0; i < events.Length; i++)
        {
            var message = messages[i];
            events[i] = new KafkaEvent<TEvent>(message.Offset, message.Timestamp, (TEvent)message.Event!, message.ReplayOf);
        }

        var batch = new KafkaEventBatch<TEvent>(_topic, partition, events, logId);
        if (_views.Length == 1)
        {
            return TimedCallAsync(_views[0], key, batch);
        }

        var calls = new Task[_views.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = TimedCallAsync(_views[i], key, batch);
        }

        return Task.WhenAll(calls);
    }

    private Task Call(View view, string key, KafkaEventBatch<TEvent> batch) =>
        ((IKafkaView<TEvent>)_grainFactory.GetGrain(GrainId.Create(view.GrainType, key), view.InterfaceType)).ApplyAsync(batch);

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

    private sealed record View(string Name, GrainType GrainType, GrainInterfaceType InterfaceType)
    {
        public static View Resolve(Type view, IGrainFactory grainFactory)
        {
            var reference = (GrainReference)grainFactory.GetGrain(view, "_");
            return new View(view.Name, reference.GrainId.Type, reference.InterfaceType);
        }
    }
}
