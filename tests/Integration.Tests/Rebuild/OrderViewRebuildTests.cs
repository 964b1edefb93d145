using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.Integration.Tests.Durability;
using ActorViews.Streaming.Kafka;
using ActorViews.Tests.Shared;
using Npgsql;
using Xunit.Abstractions;

namespace ActorViews.Integration.Tests.Rebuild;

/// <summary>
/// Issue 14 item 3 on the product: <c>order-view</c> rebuilt through <c>POST /v1/views/order-view/rebuild</c> on silo
/// processes over PostgreSQL, while readers read every order over HTTP in a loop. No read is a 404 or 5xx, every
/// answer is the fold of the log before, during and after the switch, and a second request while it runs is a 409.
/// The replaced version's rows are deleted after the switch, unless the rebuild keeps them.
/// </summary>
[Collection(DurabilityCollection.Name)]
public sealed class OrderViewRebuildTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    // Past the read caches (1 s), the silos' look at the registry (1 s) and their readers' restart; short for the test.
    private static readonly TimeSpan DeleteDelay = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Order_view_rebuilt_while_every_order_is_read_answers_the_fold_throughout()
    {
        using var cluster = await DurableCluster.CreateAsync(await postgres.CreateDatabaseAsync(), silos: 2, $"--Kafka:ReplacedVersionDeleteDelay={DeleteDelay}");
        await cluster.StartAsync(0, 1);
        var ledger = new OrderLedger(cluster.BootstrapServers, orders: 200, versions: 5);
        await ledger.ProduceAsync(eventsPerSecond: 5_000, CancellationToken.None);
        await DurableCluster.WaitUntilIngestedAsync(cluster[0], ledger, Timeout);

        var readers = OrderReaders.Start(cluster[1].Http, ledger);
        using var started = await cluster[0].Http.PostAsync("/v1/views/order-view/rebuild?keep=true", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal("/v1/views/order-view", started.Headers.Location?.OriginalString);
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 2, true), (body.GetProperty("version").GetInt32(), body.GetProperty("buildingVersion").GetInt32(), body.GetProperty("keep").GetBoolean()));

        using var again = await cluster[1].Http.PostAsync("/v1/views/order-view/rebuild", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        await WaitUntilCurrentAsync(cluster[0], version: 2);
        var readsBeforeSwitchSeen = readers.Reads;

        // Reads go on after the switch until the routing caches (1 s) have moved to version 2 everywhere.
        await cluster[1].WaitUntilAsync(() => Task.FromResult(readers.Reads > readsBeforeSwitchSeen + (2 * 200)), Timeout, "the readers to read every order twice more after the switch");
        var failures = await readers.StopAsync();
        output.WriteLine($"{readers.Reads} reads, {readsBeforeSwitchSeen} of them before the switch was seen");
        Assert.True(failures.IsEmpty, $"every read should answer the fold; {failures.Count} did not:\n{string.Join('\n', failures.Take(20))}");

        await DurableCluster.AssertViewsEqualFoldAsync(cluster[0], ledger);
        await DurableCluster.AssertViewsEqualFoldAsync(cluster[1], ledger);

        // A rebuild without keep: version 2's rows are deleted after the delay, while version 1's, kept by the first
        // rebuild, are still there; version 3 holds every order and reads answer the fold from it.
        using (var replaced = await cluster[1].Http.PostAsync("/v1/views/order-view/rebuild", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, replaced.StatusCode);
        }

        await WaitUntilCurrentAsync(cluster[0], version: 3);
        string[] ids = [.. ledger.Ids];
        await cluster[0].WaitUntilAsync(
            async () => await StoredOrderViewsAsync(cluster.ConnectionString, [.. ids.Select(id => ViewVersions.GrainKey(id, 2))]) == 0,
            Timeout,
            "version 2's order-view rows to be deleted after the switch to version 3");
        Assert.Equal(ids.Length, await StoredOrderViewsAsync(cluster.ConnectionString, ids));
        Assert.Equal(ids.Length, await StoredOrderViewsAsync(cluster.ConnectionString, [.. ids.Select(id => ViewVersions.GrainKey(id, 3))]));
        await DurableCluster.AssertViewsEqualFoldAsync(cluster[0], ledger);
    }

    /// <summary>How many order-view records (<c>view</c> state) PostgreSQL holds under <paramref name="keys"/>.</summary>
    internal static async Task<long> StoredOrderViewsAsync(string connectionString, string[] keys)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM grain_state WHERE grain_type = 'view' AND grain_key_string = ANY(@keys)", connection);
        count.Parameters.AddWithValue("keys", keys);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_rebuild_during_which_a_silo_is_killed_finishes_and_equals_the_fold()
    {
        using var cluster = await DurableCluster.CreateAsync(postgres, silos: 3);
        await cluster.StartAsync(0);
        await cluster.StartAsync(1, 2);
        var ledger = new OrderLedger(cluster.BootstrapServers, orders: 1_000, versions: 8);
        await ledger.ProduceAsync(eventsPerSecond: 10_000, CancellationToken.None);
        await DurableCluster.WaitUntilIngestedAsync(cluster[0], ledger, Timeout);
        var (victim, reader, _, _) = await cluster.WaitForOrdersOwnerAsync(silos: 3, Timeout);

        using (var started = await cluster[reader].Http.PostAsync("/v1/views/order-view/rebuild", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        // Killed while version 2 builds: its catch-ups on the victim's partitions resume on the silos that take them.
        string? seen = null;
        await cluster[reader].WaitUntilAsync(
            async () => (seen = await cluster[reader].Http.GetStringAsync("/v1/views/order-view")).Contains("\"buildingVersion\":2", StringComparison.Ordinal),
            Timeout,
            () => $"order-view listed building version 2; it was {seen}");
        cluster.Kill(victim);
        using (var listed = JsonDocument.Parse(seen!))
        {
            Assert.True(listed.RootElement.GetProperty("progress").GetDouble() < 1, $"the silo should be killed before version 2 has caught up: {seen}");
        }

        await WaitUntilCurrentAsync(cluster[reader], version: 2);
        await DurableCluster.AssertViewsEqualFoldAsync(cluster[reader], ledger);
    }

    /// <summary>Waits until <c>GET /v1/views/order-view</c> lists <paramref name="version"/> live.</summary>
    internal static Task WaitUntilCurrentAsync(SiloProcess silo, int version)
    {
        string? last = null;
        return silo.WaitUntilAsync(
            async () =>
            {
                using var response = await silo.Http.GetAsync("/v1/views/order-view");
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (!response.IsSuccessStatusCode)
                {
                    return false;
                }

                var view = await response.Content.ReadFromJsonAsync<JsonElement>();
                return view.GetProperty("version").GetInt32() == version && view.GetProperty("status").GetString() == "live";
            },
            Timeout,
            () => $"order-view listed live at version {version}; last answer: {last}");
    }

    /// <summary>Reads every order of the ledger over HTTP in a loop and keeps each answer that is not the fold.</summary>
    internal sealed class OrderReaders
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<string> _failures = new();
        private Task _loop = Task.CompletedTask;
        private int _reads;

        public int Reads => Volatile.Read(ref _reads);

        public static OrderReaders Start(HttpClient http, OrderLedger ledger)
        {
            var readers = new OrderReaders();
            readers._loop = Task.Run(() => readers.ReadAsync(http, ledger));
            return readers;
        }

        public async Task<ConcurrentQueue<string>> StopAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
            return _failures;
        }

        private async Task ReadAsync(HttpClient http, OrderLedger ledger)
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var id in ledger.Ids)
                {
                    try
                    {
                        var mismatch = await DurableCluster.MismatchAsync(http, ledger, id);
                        Interlocked.Increment(ref _reads);
                        if (mismatch is not null)
                        {
                            _failures.Enqueue(mismatch);
                        }
                    }
                    catch (HttpRequestException failure)
                    {
                        _failures.Enqueue($"{id}: {failure.Message}");
                    }
                }
            }
        }
    }
}
