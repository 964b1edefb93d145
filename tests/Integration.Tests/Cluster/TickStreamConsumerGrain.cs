using ActorViews.Streaming.Kafka;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace ActorViews.Integration.Tests.Cluster;

[ImplicitStreamSubscription(ClusterFixture.StreamTopic)]
public sealed class TickStreamConsumerGrain([PersistentState("ledger", ClusterFixture.Storage)] IPersistentState<TickLedger> ledger)
    : Grain, ITickStreamConsumer, IStreamSubscriptionObserver, IAsyncObserver<Tick>
{
    public Task<TickLedger> GetAsync() => Task.FromResult(ledger.State);

    public Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        handleFactory.Create<Tick>().ResumeAsync(this);

    public Task OnNextAsync(Tick item, StreamSequenceToken? token = null) =>
        ledger.ApplyOrRevertAsync(this, () =>
        {
            if (item.Seq < 0)
            {
                throw new InvalidOperationException($"Tick {item.Seq} of {item.Key} is poison.");
            }

            var position = (KafkaSequenceToken)token!;
            ledger.State.Apply(ClusterFixture.StreamTopic, position.Partition, position.SequenceNumber, item);
            return Task.FromResult(true);
        });

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
}
