using System.Diagnostics;
using System.Text.Json;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Http;

/// <summary>
/// Any producer, any language: kcat (librdkafka's C command-line client) writes an order to the bootstrap
/// servers the silo shows on <c>/v1/status</c>, and the order's view shows it.
/// </summary>
public sealed class KcatTests(DevSilo fixture) : IClassFixture<DevSilo>
{
    private const string Kcat = "/usr/bin/kcat";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SiloProcess _silo = fixture.Silo;

    [Fact]
    public async Task An_order_produced_with_kcat_shows_up_in_its_view()
    {
        Assert.True(File.Exists(Kcat), $"kcat is missing at {Kcat}: scripts/install-deps installs it (Debian package kcat).");
        var id = $"kcat-{Guid.NewGuid():N}";
        var value = $$"""{"id":"{{id}}","customerId":7,"state":"SHIPPED","product":"STOCKINGS","quantity":4,"price":2.5}""";

        var start = new ProcessStartInfo(Kcat)
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-P", "-b", _silo.BootstrapServers, "-t", "orders", "-K", "|", "-X", "partitioner=murmur2_random" })
        {
            start.ArgumentList.Add(argument);
        }

        using (var kcat = Process.Start(start)!)
        {
            await kcat.StandardInput.WriteLineAsync($"{id}|{value}");
            kcat.StandardInput.Close();
            await kcat.WaitForExitAsync().WaitAsync(Timeout);
            Assert.True(kcat.ExitCode == 0, $"kcat failed: {await kcat.StandardError.ReadToEndAsync()}");
        }

        using var snapshot = await _silo.GetWhenPresentAsync($"/v1/orders/{id}", Timeout, $"GET /v1/orders/{id} should show the order kcat wrote");
        var order = snapshot.RootElement.GetProperty("order").Deserialize<Order>();
        Assert.Equal(new Order(id, 7, OrderState.Shipped, Product.Stockings, 4, 2.5m), order);
        Assert.Equal(1, snapshot.RootElement.GetProperty("appliedEvents").GetInt64());
    }
}
