using ActorViews.EmbeddedKafka;
using Confluent.Kafka;
using ErrorCode = Confluent.Kafka.ErrorCode;

using ActorViews.Tests.Shared;

namespace ActorViews.Streaming.Kafka.Tests.EmbeddedKafka;

public sealed class BrokerOutageTests
{
    [Fact]
    public async Task Produce_fails_while_all_brokers_are_down_and_succeeds_once_they_are_up()
    {
        using var broker = EmbeddedKafkaBroker.Start(brokers: 2);
        broker.CreateTopic("orders", 2);
        broker.SetAllBrokersDown();

        using var producer = KafkaClients.Producer(broker.BootstrapServers, messageTimeoutMs: 1_500);
        var failed = producer.ProduceAsync("orders", new Message<string, string> { Key = "k", Value = "during outage" });
        var error = await Assert.ThrowsAsync<ProduceException<string, string>>(() =>
            Deadline.Within(failed, Deadline.Default, "the delivery report to fail while every broker is down"));
        Assert.True(error.Error.IsLocalError, $"Expected a client-side delivery failure, got {error.Error}.");

        broker.SetAllBrokersUp();

        using var deadline = new CancellationTokenSource(Deadline.Default);
        var delivered = await ProduceUntilDeliveredAsync(producer, deadline.Token);
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        var read = await Task.Run(() =>
            KafkaClients.ConsumeFromBeginning(broker.BootstrapServers, "orders", 2, 1, Deadline.Default));
        Assert.Equal("after outage", Assert.Single(read).Message.Value);
    }

    // The first attempt may still time out while the client's reconnect backoff runs; the deadline bounds retries.
    private static async Task<DeliveryResult<string, string>> ProduceUntilDeliveredAsync(
        IProducer<string, string> producer, CancellationToken deadline)
    {
        var message = new Message<string, string> { Key = "k", Value = "after outage" };
        while (true)
        {
            Assert.False(deadline.IsCancellationRequested, "Expected a produce to succeed after the brokers came back.");
            try
            {
                return await producer.ProduceAsync("orders", message, deadline);
            }
            catch (ProduceException<string, string> ex) when (ex.Error.Code == ErrorCode.Local_MsgTimedOut)
            {
            }
        }
    }
}
