using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>
/// Silo processes as an operator runs them: PostgreSQL storage and clustering in one database, one standalone
/// broker, each silo on its own ports. A silo can be stopped, killed and started again with the same settings.
/// </summary>
internal sealed class DurableCluster : IDisposable
{
    public const int Partitions = 8;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly IDisposable _broker;
    private readonly (Uri BaseAddress, string[] Settings)[] _slots;
    private readonly SiloProcess?[] _silos;

    private DurableCluster(IDisposable broker, string bootstrapServers, string connectionString, int silos, IReadOnlyList<string> settings)
    {
        _broker = broker;
        BootstrapServers = bootstrapServers;
        ConnectionString = connectionString;
        var clusterId = "durable-" + Guid.NewGuid().ToString("N")[..8];
        _slots = [.. Enumerable.Range(0, silos).Select(_ => (
            new Uri($"http://127.0.0.1:{FreeTcpPort.Next()}"),
            (string[])[
                $"--Orleans:SiloPort={FreeTcpPort.Next()}",
                $"--Orleans:GatewayPort={FreeTcpPort.Next()}",
                "--Orleans:AdvertisedAddress=127.0.0.1",
                $"--Orleans:ClusterId={clusterId}",
                "--Orleans:Membership:FastFailureDetection=true",
                $"--Kafka:BootstrapServers={bootstrapServers}",
                $"--Kafka:Topics:{OrderLedger.Topic}:Partitions={Partitions}",
                $"--Storage:ConnectionString={connectionString}",
                "--Demo:Enabled=false",
                .. settings,
            ]))];
        _silos = new SiloProcess?[silos];
    }

    /// <summary>The database holding views and membership.</summary>
    public string ConnectionString { get; }

    public string BootstrapServers { get; }

    public SiloProcess this[int index] => _silos[index] ?? throw new InvalidOperationException($"Silo {index} is not running.");

    /// <summary>Starts a broker and prepares <paramref name="silos"/> silo slots on a fresh database; no silo runs yet.</summary>
    public static async Task<DurableCluster> CreateAsync(PostgresFixture postgres, int silos) =>
        await CreateAsync(await postgres.CreateDatabaseAsync(), silos);

    /// <summary>
    /// Starts a broker process and prepares <paramref name="silos"/> silo slots on the database at
    /// <paramref name="connectionString"/>, each silo also given <paramref name="settings"/> (<c>--key=value</c>).
    /// </summary>
    public static async Task<DurableCluster> CreateAsync(string connectionString, int silos, params string[] settings)
    {
        var broker = await DevBrokerProcess.StartAsync(Topics.All, Partitions);
        return new(broker, broker.BootstrapServers, connectionString, silos, settings);
    }

    /// <summary>
    /// Prepares silo slots against <paramref name="broker"/>, which runs in the test process so that the test can
    /// take it down and up; the cluster disposes it.
    /// </summary>
    public static DurableCluster Create(EmbeddedKafkaBroker broker, string connectionString, int silos, params string[] settings) =>
        new(broker, broker.BootstrapServers, connectionString, silos, settings);

    /// <summary>Starts the silos at <paramref name="indexes"/> concurrently, each with its slot's settings.</summary>
    public async Task StartAsync(params int[] indexes)
    {
        var started = await Task.WhenAll(indexes.Select(i => SiloProcess.StartAsync(_slots[i].BaseAddress, _slots[i].Settings)));
        for (var i = 0; i < indexes.Length; i++)
        {
            // A slot may still hold a silo that exited by itself.
            _silos[indexes[i]]?.Dispose();
            _silos[indexes[i]] = started[i];
        }
    }

    /// <summary>Stops a silo with SIGTERM and starts it again with the same settings.</summary>
    public async Task RestartAsync(int index, Action<string>? log = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await this[index].StopAsync(StopTimeout);
        log?.Invoke($"silo {index} stopped in {clock.Elapsed.TotalSeconds:0.0}s");
        this[index].Dispose();
        _silos[index] = null;
        await StartAsync(index);
    }

    /// <summary>Kills a silo with SIGKILL; returns its silo port, which identifies it in partition owners.</summary>
    public int Kill(int index)
    {
        this[index].Kill();
        this[index].Dispose();
        _silos[index] = null;
        return SiloPort(index);
    }

    /// <summary>Hangs a silo with SIGSTOP: the process and its sockets stay, but it answers nothing until <see cref="Resume"/>.</summary>
    public void Suspend(int index) => Signal(index, "STOP");

    /// <summary>Lets a silo hung by <see cref="Suspend"/> run again (SIGCONT).</summary>
    public void Resume(int index) => Signal(index, "CONT");

    /// <summary>The Orleans silo port of a slot.</summary>
    public int SiloPort(int index) => int.Parse(_slots[index].Settings[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every partition of the orders topic as <c>GET /v1/status</c> of <paramref name="silo"/> reports it.</summary>
    public static async Task<IReadOnlyList<PartitionStatus>> PartitionsAsync(SiloProcess silo) =>
        await TryPartitionsAsync(silo) ?? throw new InvalidOperationException($"GET /v1/status failed. Silo output:\n{silo.Output}");

    /// <summary>
    /// Like <see cref="PartitionsAsync"/>, but null when the status cannot be read right now: while a silo
    /// joins, leaves or is being declared dead, the status endpoint's cluster calls can fail, and a wait on a
    /// condition must outlast that rather than fail on it.
    /// </summary>
    public static Task<IReadOnlyList<PartitionStatus>?> TryPartitionsAsync(SiloProcess silo, TimeSpan? timeout = null) =>
        TryPartitionsAsync(silo, timeout, why: null);

    /// <summary>Like <see cref="TryPartitionsAsync(SiloProcess, TimeSpan?)"/>, telling <paramref name="why"/> what came instead of a status.</summary>
    public static async Task<IReadOnlyList<PartitionStatus>?> TryPartitionsAsync(SiloProcess silo, TimeSpan? timeout, Action<string>? why)
    {
        JsonElement status;
        try
        {
            using var deadline = new CancellationTokenSource(timeout ?? silo.Http.Timeout);
            using var response = await silo.Http.GetAsync("/v1/status", deadline.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                why?.Invoke($"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}");
                return null;
            }

            status = await response.Content.ReadFromJsonAsync<JsonElement>(deadline.Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            // A silo that is hung, or waiting on one, does not answer in time: that is "cannot be read right now" too.
            why?.Invoke($"no answer: {e.GetType().Name}: {e.Message}");
            return null;
        }

        return [.. status.GetProperty("partitions").EnumerateArray()
            .Where(p => p.GetProperty("topic").GetString() == OrderLedger.Topic)
            .Select(p => new PartitionStatus(
                p.GetProperty("partition").GetInt32(),
                p.GetProperty("owner").GetString(),
                p.GetProperty("committedOffset").ValueKind == JsonValueKind.Number ? p.GetProperty("committedOffset").GetInt64() : null,
                p.GetProperty("highWatermark").GetInt64(),
                p.GetProperty("ownerUnknown").GetBoolean()))];
    }

    /// <summary>
    /// Waits until one of the first <paramref name="silos"/> silos owns an orders partition with committed
    /// events, and returns it (the first such) with the status that showed it, and two others of three to read
    /// from. The balancer spreads all topics' partitions over the ring, so a given silo may read no orders
    /// partition at all: a fault test's victim is found, not fixed.
    /// </summary>
    public async Task<(int Victim, int Reader, int Other, IReadOnlyList<PartitionStatus> Before)> WaitForOrdersOwnerAsync(int silos, TimeSpan timeout)
    {
        IReadOnlyList<PartitionStatus> before = [];
        var victim = -1;
        await this[0].WaitUntilAsync(
            async () =>
            {
                before = await TryPartitionsAsync(this[0]) ?? [];
                victim = Enumerable.Range(0, silos).FirstOrDefault(i => before.Any(p => p.IsOwnedBy(SiloPort(i)) && p.CommittedOffset > 0), -1);
                return victim >= 0;
            },
            timeout,
            () => $"a silo to own an orders partition with committed events (last status: {string.Join("; ", before)})");
        var (reader, other) = victim == 0 ? (1, 2) : (0, victim == 1 ? 2 : 1);
        return (victim, reader, other, before);
    }

    /// <summary>Waits until every produced event is committed, hence durable in its view, and every partition has an owner.</summary>
    public static Task WaitUntilIngestedAsync(SiloProcess silo, OrderLedger ledger, TimeSpan timeout)
    {
        IReadOnlyList<PartitionStatus> last = [];
        string? lastFailure = null;
        var unanswered = 0;
        return silo.WaitUntilAsync(
            async () =>
            {
                var read = await TryPartitionsAsync(silo, timeout: null, why: failure => lastFailure = failure);
                unanswered += read is null ? 1 : 0;
                last = read ?? last;
                return last.Count == Partitions
                    && last.Sum(p => p.HighWatermark) == ledger.Total
                    && last.All(p => p.Owner is not null && p.CommittedOffset == p.HighWatermark);
            },
            timeout,
            () => $"all {ledger.Total} events to be committed on owned partitions (last status: {string.Join("; ", last)}; {unanswered} reads unanswered, the last because: {lastFailure ?? "none"})");
    }

    /// <summary>
    /// Every view equals the fold of what was produced, and counts each produced event exactly once
    /// (0 lost, 0 double-applied).
    /// </summary>
    public static async Task AssertViewsEqualFoldAsync(SiloProcess silo, OrderLedger ledger)
    {
        var mismatches = new List<string>();
        foreach (var id in ledger.Ids)
        {
            if (await MismatchAsync(silo.Http, ledger, id) is { } mismatch)
            {
                mismatches.Add(mismatch);
            }
        }

        Assert.True(mismatches.Count == 0, $"{mismatches.Count} views differ from the fold of what was produced:\n{string.Join('\n', mismatches.Take(20))}");
    }

    /// <summary>How <c>GET /v1/orders/{id}</c> differs from the fold of what was produced; null when it equals it.</summary>
    public static async Task<string?> MismatchAsync(HttpClient http, OrderLedger ledger, string id)
    {
        using var response = await http.GetAsync($"/v1/orders/{id}");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return $"{id}: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        }

        var view = (await response.Content.ReadFromJsonAsync<OrderSnapshot>())!;
        return view.Order != ledger.Latest(id) || view.AppliedEvents != ledger.DistinctEvents(id)
            ? $"{id}: view {view.Order} after {view.AppliedEvents} events, expected {ledger.Latest(id)} after {ledger.DistinctEvents(id)}"
            : null;
    }

    public void Dispose()
    {
        foreach (var silo in _silos)
        {
            silo?.Dispose();
        }

        _broker.Dispose();
    }

    private void Signal(int index, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("/bin/kill", [$"-{signal}", this[index].ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} of silo {index} failed with {kill.ExitCode}.");
    }
}

/// <summary>One partition's line of <c>GET /v1/status</c>; <paramref name="OwnerUnknown"/> when the owners record did not answer in time.</summary>
internal sealed record PartitionStatus(int Partition, string? Owner, long? CommittedOffset, long HighWatermark, bool OwnerUnknown = false)
{
    /// <summary>Whether the owner is the silo listening on <paramref name="siloPort"/> (owners read <c>ip:port@generation</c>).</summary>
    public bool IsOwnedBy(int siloPort) => Owner?.Contains($":{siloPort}@", StringComparison.Ordinal) == true;
}
