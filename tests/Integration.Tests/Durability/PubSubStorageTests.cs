using ActorViews.Silo.Hosting;
using ActorViews.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>
/// Explicit stream subscriptions kept in PostgreSQL the way the silo stores them (<c>Storage:ConnectionString</c>):
/// they must come back whole after a crash, producers included, or the stream's rendezvous cannot activate.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class PubSubStorageTests(PostgresFixture postgres)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_explicit_subscription_with_a_producer_survives_a_silo_crash_and_keeps_delivering()
    {
        var connectionString = await postgres.CreateDatabaseAsync();
        var serviceId = "pubsub-" + Guid.NewGuid().ToString("N")[..8];

        Guid subscription;
        await using (var before = await StartAsync(connectionString, serviceId))
        {
            var probe = before.Client.GetGrain<IStreamProbeGrain>("order-7");
            subscription = await probe.Subscribe();
            await probe.Publish(1);
            // Delivered means the stream's pulling agent registered as its producer: the stored state has both sides.
            await Deadline.Until(async () => (await probe.Received()).Length == 1, Timeout, "the probe to receive the event published before the crash");

            // A crash, not a graceful stop, which would first unregister the producer: the stored state keeps it,
            // as it does whenever the stream's rendezvous grain is re-read while producers are registered.
            await before.KillSiloAsync(before.Silos[0]);
        }

        // A new silo of the same service: only PostgreSQL remembers the subscription.
        await using var after = await StartAsync(connectionString, serviceId);
        var restarted = after.Client.GetGrain<IStreamProbeGrain>("order-7");

        Assert.Equal([subscription], await restarted.SubscriptionIds());
        await restarted.Publish(2);
        await Deadline.Until(
            async () => (await restarted.Received()).Contains(2),
            Timeout,
            "the restarted silo to deliver a new event through the stored subscription");
    }

    private static async Task<InProcessTestCluster> StartAsync(string connectionString, string serviceId)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new(StorageHosting.ConnectionStringKey, connectionString)])
            .Build();
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) => silo.AddActorViewsStorage(configuration).AddMemoryStreams(StreamProbeGrain.Provider));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
