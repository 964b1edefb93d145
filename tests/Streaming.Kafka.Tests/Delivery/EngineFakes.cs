using System.Collections.Concurrent;
using System.Text;
using ActorViews.Streaming.Kafka.Delivery;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace ActorViews.Streaming.Kafka.Tests.Delivery;

/// <summary>Messages and events as the engine's parts see them, built without a broker.</summary>
internal static class Canned
{
    public const string Topic = "things";

    public static ConsumeResult<byte[]?, byte[]?> Raw(long offset, string key, string? value = null) => new()
    {
        Topic = Topic,
        Partition = 0,
        Offset = offset,
        Message = new Message<byte[]?, byte[]?>
        {
            Key = Encoding.UTF8.GetBytes(key),
            Value = Encoding.UTF8.GetBytes(value ?? $$"""{"id":"{{key}}","size":{{offset}},"colour":"Red"}"""),
            Timestamp = new Timestamp(DateTime.UtcNow),
            Headers = [],
        },
    };

    /// <summary>Decoded events of one read batch, registered with <paramref name="tracker"/> (one delivery each).</summary>
    public static DecodedMessage[] Batch(OffsetTracker tracker, params (long Offset, string Key)[] events)
    {
        var segment = tracker.Append([.. events.Select(e => e.Offset)]);
        return [.. events.Select((e, i) => new DecodedMessage(Raw(e.Offset, e.Key), e.Key, new Thing(e.Key, (int)e.Offset, Colour.Red), null) { Index = i, Segment = segment })];
    }

    public static KafkaTopic Things(bool withView = false)
    {
        var options = new KafkaTopicOptions { Name = Topic, Partitions = 1, EventType = typeof(Thing) };
        if (withView)
        {
            options.Views.Add(typeof(IGrainWithStringKey));
        }

        return new KafkaTopic(options);
    }
}

/// <summary>A partition consumer fed by the test: canned messages or read failures, and commits it may refuse.</summary>
internal sealed class CannedConsumer : IPartitionConsumer
{
    private readonly ConcurrentQueue<Func<ConsumeResult<byte[]?, byte[]?>?>> _reads = new();

    public ConcurrentQueue<long> Commits { get; } = new();

    /// <summary>For each commit, whether it ran on a thread of the shared pool.</summary>
    public ConcurrentQueue<bool> CommitsOnThePool { get; } = new();

    public long? HighWatermark { get; set; }

    public bool RefuseCommits { get; set; }

    public void Feed(params ConsumeResult<byte[]?, byte[]?>[] messages)
    {
        foreach (var message in messages)
        {
            _reads.Enqueue(() => message);
        }
    }

    public void FailNextRead(string reason) =>
        _reads.Enqueue(() => throw new ConsumeException(new ConsumeResult<byte[], byte[]>(), new Error(ErrorCode.Local_Transport, reason)));

    public int Unread => _reads.Count;

    public ConsumeResult<byte[]?, byte[]?>? Consume(TimeSpan timeout)
    {
        if (_reads.TryDequeue(out var read))
        {
            return read();
        }

        Thread.Sleep(timeout);
        return null;
    }

    public long? CachedHighWatermark() => HighWatermark;

    public void Commit(long offset)
    {
        if (RefuseCommits)
        {
            throw new KafkaException(new Error(ErrorCode.RequestTimedOut, "refused by the test"));
        }

        CommitsOnThePool.Enqueue(Thread.CurrentThread.IsThreadPoolThread);
        Commits.Enqueue(offset);
    }
}

/// <summary>Views whose calls the test answers: each call is recorded and completed by <see cref="Behaviour"/>.</summary>
/// <param name="views">The views' names; one view unless the test says otherwise.</param>
internal sealed class ScriptedViews(params string[] views) : ViewDispatcher
{
    public override IReadOnlyList<string> Views { get; } = views.Length == 0 ? ["thing-view"] : views;

    /// <summary>Every call, to any view.</summary>
    public ConcurrentQueue<(string Key, long[] Offsets)> Calls { get; } = new();

    /// <summary>Every call, with the name of the view called.</summary>
    public ConcurrentQueue<(string View, string Key, long[] Offsets)> ViewCalls { get; } = new();

    public Func<string, DecodedMessage[], Task> Behaviour { get; set; } = (_, _) => Task.CompletedTask;

    /// <summary>How many of <see cref="Views"/> are key views, the rest partition views; all of them when unset.</summary>
    public int? KeyViewCount { get; init; }

    public override int KeyViews => KeyViewCount ?? Views.Count;

    /// <summary>Answers a call to one view, given its name; <see cref="Behaviour"/> when null.</summary>
    public Func<string, string, DecodedMessage[], Task>? ViewBehaviour { get; set; }

    public override Task DispatchAsync(int view, string key, int partition, DecodedMessage[] messages, string logId)
    {
        long[] offsets = [.. messages.Select(m => m.Offset)];
        Calls.Enqueue((key, offsets));
        ViewCalls.Enqueue((Views[view], key, offsets));
        return ViewBehaviour is { } behaviour ? behaviour(Views[view], key, messages) : Behaviour(key, messages);
    }
}

/// <summary>Records what the delivery policy reports done.</summary>
internal sealed class RecordedOutcome : IDeliveryOutcome
{
    public ConcurrentQueue<long> Applied { get; } = new();

    public ConcurrentQueue<long> DeadLettered { get; } = new();

    void IDeliveryOutcome.Applied(int view, DecodedMessage[] messages)
    {
        foreach (var message in messages)
        {
            Applied.Enqueue(message.Offset);
        }
    }

    void IDeliveryOutcome.DeadLettered(DecodedMessage message, int? view) => DeadLettered.Enqueue(message.Offset);
}

/// <summary>A dead-letter producer that keeps what it was given, or refuses as the test tells it.</summary>
internal sealed class RecordingProducer : IDeadLetterProducer
{
    public ConcurrentQueue<(string Topic, byte[]? Key, byte[]? Value, Headers Headers)> Written { get; } = new();

    /// <summary>Refuses a message it returns an error for.</summary>
    public Func<byte[]?, Headers, ErrorCode?> Refuse { get; set; } = (_, _) => null;

    public Task ProduceAsync(string topic, byte[]? key, byte[]? value, Headers headers, CancellationToken cancellationToken)
    {
        if (Refuse(value, headers) is { } code)
        {
            throw new ProduceException<byte[]?, byte[]?>(new Error(code, "refused by the test"), new DeliveryResult<byte[]?, byte[]?>());
        }

        Written.Enqueue((topic, key, value, headers));
        return Task.CompletedTask;
    }
}

/// <summary>Ownership claims kept in memory: the test decides what the newest claim is, or forgets it as an expired group would.</summary>
internal sealed class ScriptedFence : IPartitionFence
{
    private long _current;

    public int Reads;

    public OwnershipEpoch CurrentEpoch
    {
        get => OwnershipEpoch.FromValue(Interlocked.Read(ref _current));
        set => Interlocked.Exchange(ref _current, value.Value);
    }

    public OwnershipEpoch Claim(TopicPartition partition, TimeSpan timeout)
    {
        var claimed = CurrentEpoch.Next();
        CurrentEpoch = claimed;
        return claimed;
    }

    public OwnershipEpoch Current(TopicPartition partition, TimeSpan timeout)
    {
        Interlocked.Increment(ref Reads);
        return CurrentEpoch;
    }

    public ConcurrentQueue<OwnershipEpoch> Renewals { get; } = new();

    public void Renew(TopicPartition partition, OwnershipEpoch epoch, TimeSpan timeout)
    {
        Renewals.Enqueue(epoch);
        CurrentEpoch = epoch;
    }

    /// <summary>What Kafka does to a group's offsets <c>offsets.retention.minutes</c> after their last commit.</summary>
    public void Forget() => CurrentEpoch = OwnershipEpoch.None;
}

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>Views' positions kept in memory, as their consumer groups would keep them.</summary>
internal sealed class MemoryViewPositions : IViewPositionStore
{
    public ConcurrentDictionary<string, long> Stored { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, long> Read(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout) =>
        views.Where(Stored.ContainsKey).ToDictionary(view => view, view => Stored[view], StringComparer.Ordinal);

    public void Commit(TopicPartition partition, string view, long offset) => Stored[view] = offset;
}
