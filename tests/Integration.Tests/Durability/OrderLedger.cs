using System.Collections.Concurrent;
using System.Text.Json;
using ActorViews.Grains;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>
/// A deterministic run of order events, produced by a plain Confluent producer at a steady rate, and the
/// independent fold of what the broker acknowledged: per order, the event at the highest offset and how many
/// distinct events there were.
/// </summary>
internal sealed class OrderLedger(string bootstrapServers, int orders, int versions)
{
    public const string Topic = "orders";

    private readonly ConcurrentDictionary<string, List<(long Offset, Order Order)>> _acknowledged = new();
    private readonly TaskCompletionSource _secondHalf = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _holdAtHalf;
    private int _produced;

    /// <summary>How many events the broker acknowledged so far.</summary>
    public int Produced => Volatile.Read(ref _produced);

    /// <summary>How many events the run produces in all.</summary>
    public int Total => orders * versions;

    /// <summary>
    /// Makes <see cref="ProduceAsync"/> stop after the first half of the run until <see cref="ReleaseSecondHalf"/>,
    /// so a fault injected meanwhile lands mid-ingest whatever the machine's speed.
    /// </summary>
    public OrderLedger HoldAtHalf()
    {
        _holdAtHalf = true;
        return this;
    }

    /// <summary>Lets a run held by <see cref="HoldAtHalf"/> produce its second half.</summary>
    public void ReleaseSecondHalf() => _secondHalf.TrySetResult();

    /// <summary>Every order ID of the run.</summary>
    public IEnumerable<string> Ids => Enumerable.Range(0, orders).Select(Id);

    /// <summary>
    /// Produces every version of every order, version by version (so each order's events are in order and
    /// orders interleave), at about <paramref name="eventsPerSecond"/>, so the run spans the faults a test
    /// injects. The pace is a rate, not a synchronization: the test waits on conditions.
    /// </summary>
    public async Task ProduceAsync(int eventsPerSecond, CancellationToken cancellationToken)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            // The Java client's partitioner, which the provider agrees with.
            Partitioner = Confluent.Kafka.Partitioner.Murmur2Random,
            // Retries must neither reorder nor duplicate: the fold counts acknowledged events.
            EnableIdempotence = true,
            // Longer than any broker outage a test injects: the producer keeps retrying until the broker is back.
            MessageTimeoutMs = 120_000,
            LingerMs = 5,
        };
        using var producer = new ProducerBuilder<string, string>(config).Build();
        const int TicksPerSecond = 10;
        var perTick = Math.Max(1, eventsPerSecond / TicksPerSecond);
        using var pace = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / TicksPerSecond));
        var pending = new List<Task>(perTick);
        var sent = 0;
        foreach (var (id, order) in Events())
        {
            if (_holdAtHalf && sent++ == Total / 2)
            {
                await Task.WhenAll(pending);
                pending.Clear();
                await _secondHalf.Task.WaitAsync(cancellationToken);
            }

            pending.Add(ProduceOneAsync(producer, id, order, cancellationToken));
            if (pending.Count == perTick)
            {
                await Task.WhenAll(pending);
                pending.Clear();
                await pace.WaitForNextTickAsync(cancellationToken);
            }
        }

        await Task.WhenAll(pending);
    }

    /// <summary>The order a view must show: the acknowledged event at the highest offset.</summary>
    public Order Latest(string id) => _acknowledged[id].MaxBy(e => e.Offset).Order;

    /// <summary>How many distinct events of <paramref name="id"/> the broker acknowledged.</summary>
    public int DistinctEvents(string id) => _acknowledged[id].Select(e => e.Offset).Distinct().Count();

    private static string Id(int n) => $"order-{n}";

    private IEnumerable<(string Id, Order Order)> Events()
    {
        for (var version = 0; version < versions; version++)
        {
            for (var n = 0; n < orders; n++)
            {
                var id = Id(n);
                yield return (id, new Order(
                    id,
                    CustomerId: 1000 + (n % 37),
                    // Never CREATED: a created order starts the validation services, which write more versions
                    // of it to the log, and this ledger must be the whole log of its orders.
                    State: (OrderState)(1 + ((n + version) % 3)),
                    Product: (Product)(n % 3),
                    Quantity: 1 + ((n * 7) + version) % 9,
                    Price: 10m + n + (version / 4m)));
            }
        }
    }

    private async Task ProduceOneAsync(IProducer<string, string> producer, string id, Order order, CancellationToken cancellationToken)
    {
        var result = await producer.ProduceAsync(Topic, new Message<string, string> { Key = id, Value = JsonSerializer.Serialize(order) }, cancellationToken);
        var events = _acknowledged.GetOrAdd(id, _ => []);
        lock (events)
        {
            events.Add((result.Offset.Value, order));
        }

        Interlocked.Increment(ref _produced);
    }
}
