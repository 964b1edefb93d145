using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>
/// A silo process reading from an embedded broker that lives in the test process, so a test can take the
/// broker down and bring it back while the silo runs. The demo generator is off: tests produce what they need.
/// </summary>
public class BrokerSilo : IAsyncLifetime
{
    /// <summary>The partitions of each topic the silo reads (and of its dead-letter topic).</summary>
    public const int Partitions = 8;

    private EmbeddedKafkaBroker? _broker;
    private SiloProcess? _silo;

    internal EmbeddedKafkaBroker Broker => _broker ?? throw new InvalidOperationException("The broker has not started.");

    internal SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync()
    {
        _broker = EmbeddedKafkaBroker.Start();
        foreach (var topic in Topics.All)
        {
            _broker.CreateTopic(topic, Partitions);
            _broker.CreateTopic(topic + ".dlq", Partitions);
        }

        _silo = await SiloProcess.StartAsync($"--Kafka:BootstrapServers={_broker.BootstrapServers}", "--Demo:Enabled=false");
    }

    public Task DisposeAsync()
    {
        // The silo first, so it never sees its broker vanish.
        _silo?.Dispose();
        _broker?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The tests that only read from one <see cref="BrokerSilo"/> share it.</summary>
[CollectionDefinition(Name)]
public sealed class OperationsCollection : ICollectionFixture<BrokerSilo>
{
    public const string Name = "Operations";
}
