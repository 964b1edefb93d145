using Orleans.Streams;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>A grain with an explicit subscription to one stream, counting what it receives.</summary>
public interface IStreamProbeGrain : IGrainWithStringKey
{
    /// <summary>Subscribes explicitly to the stream named by this grain's key; returns the subscription's ID.</summary>
    Task<Guid> Subscribe();

    /// <summary>The IDs of this grain's subscriptions to its stream, as the pub-sub system knows them.</summary>
    Task<Guid[]> SubscriptionIds();

    /// <summary>Publishes <paramref name="value"/> to this grain's stream.</summary>
    Task Publish(int value);

    /// <summary>The values this activation received.</summary>
    Task<int[]> Received();
}

/// <summary>Resumes its subscriptions on activation, as a grain with explicit subscriptions must.</summary>
public sealed class StreamProbeGrain : Grain, IStreamProbeGrain
{
    public const string Provider = "probe-streams";
    private readonly List<int> _received = [];

    private IAsyncStream<int> Stream =>
        this.GetStreamProvider(Provider).GetStream<int>(StreamId.Create("probe", this.GetPrimaryKeyString()));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var handle in await Stream.GetAllSubscriptionHandles())
        {
            await handle.ResumeAsync(OnNext);
        }
    }

    public async Task<Guid> Subscribe() => (await Stream.SubscribeAsync(OnNext)).HandleId;

    public async Task<Guid[]> SubscriptionIds() => [.. (await Stream.GetAllSubscriptionHandles()).Select(h => h.HandleId)];

    public Task Publish(int value) => Stream.OnNextAsync(value);

    public Task<int[]> Received() => Task.FromResult(_received.ToArray());

    private Task OnNext(int value, StreamSequenceToken? token)
    {
        _received.Add(value);
        return Task.CompletedTask;
    }
}
