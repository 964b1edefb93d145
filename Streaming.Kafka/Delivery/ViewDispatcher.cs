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
    public override Task DispatchAsync(string key, int partition, IReadOnlyList<DecodedMessage> messages, string logId)
    {
        var events = new KafkaEvent<TEvent>[messages.Count];
        for (var i = 0; i < events.Length; i++)
        {
            var message = messages[i];
            events[i] = new KafkaEvent<TEvent>(message.Offset, message.Timestamp, (TEvent)message.Event!);
        }

        var batch = new KafkaEventBatch<TEvent>(topic.Name, partition, events, logId);
        if (topic.Views.Count == 1)
        {
            return ApplyAsync(topic.Views[0], key, batch);
        }

        var calls = new Task[topic.Views.Count];
        for (var i = 0; i < calls.Length; i++)
        {
            calls[i] = ApplyAsync(topic.Views[i], key, batch);
        }

        return Task.WhenAll(calls);
    }

    private async Task ApplyAsync(Type viewInterface, string key, KafkaEventBatch<TEvent> batch)
    {
        var started = Stopwatch.GetTimestamp();
        await ((IKafkaView<TEvent>)grainFactory.GetGrain(viewInterface, key)).ApplyAsync(batch).ConfigureAwait(false);
        KafkaStreamMetrics.RecordViewCall(viewInterface.Name, Stopwatch.GetElapsedTime(started));
    }
}
