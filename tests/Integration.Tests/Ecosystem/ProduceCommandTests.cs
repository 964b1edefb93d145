using ActorViews.Grains;
using ActorViews.Integration.Tests.Durability;

namespace ActorViews.Integration.Tests.Ecosystem;

/// <summary><c>actorviews produce</c> writes sample data that the running services pick up and settle.</summary>
public sealed class ProduceCommandTests(EcosystemSilo fixture) : IClassFixture<EcosystemSilo>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Sample_data_from_the_cli_flows_through_the_services_into_the_views()
    {
        const int seed = 7;
        var run = await CliRun.RunAsync("produce", "--bootstrap-servers", fixture.Silo.BootstrapServers, "--orders", "5", "--customers", "3", "--stock", "1000", "--seed", $"{seed}");

        Assert.True(run.ExitCode == 0, $"produce failed ({run.ExitCode}): {run.Errors}");
        Assert.Contains("produce: 16 of 16 written", run.Errors, StringComparison.Ordinal);

        for (var n = 1; n <= 5; n++)
        {
            // Stock and orders travel on different topics, so an order may be checked before its stock is
            // known and fail: settling either way is what the services promise.
            var settled = await fixture.Client.WaitForValidatedAsync($"sample-{seed}-{n}", Timeout);
            Assert.True(settled is not null, $"order sample-{seed}-{n} should have settled");
            Assert.Contains(settled.Order.State, new[] { OrderState.Validated, OrderState.Failed });
            Assert.NotNull(settled.Payment);
        }

        Assert.NotNull(await fixture.Client.GetCustomerAsync(1));
        var stock = await fixture.Client.GetInventoryAsync(Product.Jumpers);
        Assert.Equal(1000, stock?.Stock);
    }

    [Fact]
    public async Task Produce_without_a_broker_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("produce", "--orders", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--bootstrap-servers", run.Errors, StringComparison.Ordinal);
    }
}
