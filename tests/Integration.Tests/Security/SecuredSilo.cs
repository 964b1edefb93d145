using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Security;

/// <summary>
/// A silo in the production profile: it is given a broker (here one in the test process), so the gateway wants
/// API keys without being told to. Writes are limited to <see cref="PermitLimit"/> per <see cref="Window"/> per key.
/// </summary>
public sealed class SecuredSilo : IAsyncLifetime
{
    public const int PermitLimit = 5;
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private EmbeddedKafkaBroker? _broker;
    private SiloProcess? _silo;

    internal SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public async Task InitializeAsync()
    {
        _broker = EmbeddedKafkaBroker.Start();
        foreach (var topic in Topics.All)
        {
            _broker.CreateTopic(topic, 2);
            _broker.CreateTopic(topic + ".dlq", 2);
        }

        _silo = await SiloProcess.StartAsync(
        [
            $"--Kafka:BootstrapServers={_broker.BootstrapServers}",
            .. Partitions(2),
            $"--Gateway:RateLimit:PermitLimit={PermitLimit}",
            $"--Gateway:RateLimit:Window={Window:c}",
            .. TestKeys.Settings,
        ]);
    }

    public Task DisposeAsync()
    {
        _silo?.Dispose();
        _broker?.Dispose();
        return Task.CompletedTask;
    }

    private static IEnumerable<string> Partitions(int count) => Topics.All.Select(t => $"--Kafka:Topics:{t}:Partitions={count}");
}

/// <summary>The tests that share one <see cref="SecuredSilo"/>.</summary>
[CollectionDefinition(Name)]
public sealed class SecurityCollection : ICollectionFixture<SecuredSilo>
{
    public const string Name = "Security";
}
