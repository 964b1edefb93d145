using ActorViews.Streaming.Kafka;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace ActorViews.Ingest;

/// <summary>The benchmark's view: fed by the provider's delivery engine.</summary>
public interface IBenchView : IKafkaView<BenchOrder>;

/// <summary>The benchmark's Orleans stream consumer, activated by implicit subscription.</summary>
public interface IBenchStreamConsumer : IGrainWithStringKey;

/// <summary>A trivial in-memory view: the last order and how many were applied.</summary>
internal sealed class BenchViewGrain : Grain, IBenchView
{
    private BenchOrder? _last;
    private long _count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        BenchCounters.AddActivation();
        return Task.CompletedTask;
    }

    public Task ApplyAsync(KafkaEventBatch<BenchOrder> batch)
    {
        _last = batch.Events[^1].Value;
        _count += batch.Events.Count;
        BenchCounters.AddApplied(batch.Events.Count);
        return Task.CompletedTask;
    }

    public override string ToString() => $"{_last?.Id}: {_count}";
}

/// <summary>The same trivial view, fed through Orleans persistent streams of every provider carrying the namespace.</summary>
[ImplicitStreamSubscription(BenchTopics.Namespace)]
internal sealed class BenchStreamGrain : Grain, IBenchStreamConsumer, IStreamSubscriptionObserver, IAsyncObserver<BenchOrder>
{
    private BenchOrder? _last;
    private long _count;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        BenchCounters.AddActivation();
        return Task.CompletedTask;
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<BenchOrder>().ResumeAsync(this);

    public Task OnNextAsync(BenchOrder item, StreamSequenceToken? token = null)
    {
        _last = item;
        _count++;
        BenchCounters.AddApplied(1);
        return Task.CompletedTask;
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;

    public override string ToString() => $"{_last?.Id}: {_count}";
}
