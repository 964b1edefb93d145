using System.Diagnostics;
using ActorViews.Streaming.Kafka.Diagnostics;
using ActorViews.Streaming.Kafka.Providers;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>Calls every view grain of a topic with one key's run of events.</summary>
internal abstract class ViewDispatcher
{
    public static ViewDispatcher Create(KafkaTopic topic, IGrainFactory grainFactory) =>
        (ViewDispatcher)Activator.CreateInstance(typeof(ViewDispatcher<>).MakeGenericType(topic.EventType), topic, grainFactory)!;

    /// <summary>Applies <paramref name="messages"/> (one key, ascending offsets) to every view; completes when all did.</summary>
    public abstract Task DispatchAsync(string key, int partition, IReadOnlyList<DecodedMessage> messages, string logId);
}

/// <summary>The typed half of <see cref="ViewDispatcher"/>, made once per topic.</summary>
internal sealed class ViewDispatcher<TEvent>(KafkaTopic topic, IGrainFactory grainFactory) : ViewDispatcher
{
    // Resolving an interface to its grain type reads attributes; do it once per view, not once per call.
    private readonly (string Name, GrainType Type)[] _views =
    [
        .. topic.Views.Select(view => (view.Name, grainFactory.GetGrain(view, "_").GetGrainId().Type)),
    ];

    public override Task DispatchAsync(string key, int partition, IReadOnlyList<DecodedMessage> messages, string logId)
    {
        var events = new KafkaEvent<TEvent>[messages.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var message = messages[i];
            events[i] = new KafkaEvent<TEvent>(message.Offset, message.Timestamp, (TEvent)message.Event!);
        }

        var batch = new KafkaEventBatch<TEvent>(topic.Name, partition, events, logId);
        if (_views.Length == 1)
        {
            return ApplyAsync(_views[0], key, batch);
        }

        var calls = new Task[_views.Length];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = ApplyAsync(_views[i], key, batch);
        }

        return Task.WhenAll(calls);
    }

    private async Task ApplyAsync((string Name, GrainType Type) view, string key, KafkaEventBatch<TEvent> batch)
    {
        var started = Stopwatch.GetTimestamp();
        var grain = grainFactory.GetGrain<IKafkaView<TEvent>>(GrainId.Create(view.Type, key));
        await grain.ApplyAsync(batch).ConfigureAwait(false);
        KafkaStreamMetrics.RecordViewCall(view.Name, Stopwatch.GetElapsedTime(started));
    }
}
