using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorViews.EmbeddedKafka;
using ActorViews.Grains;
using ActorViews.Tests.Shared;
using Confluent.Kafka;

namespace ActorViews.Serve;

/// <summary>
/// The embedded broker with the ecosystem's topics, and a plain Confluent producer writing orders to it the
/// way any client does (Java's partitioner, JSON values).
/// </summary>
internal sealed class OrderLog : IDisposable
{
    public const int Partitions = 8;

    private readonly EmbeddedKafkaBroker _broker;

    private OrderLog(EmbeddedKafkaBroker broker, int lingerMs)
    {
        _broker = broker;
        Producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            Partitioner = Partitioner.Murmur2Random,
            LingerMs = lingerMs,
            Acks = Acks.Leader,
        }).Build();
    }

    public string BootstrapServers => _broker.BootstrapServers;

    public IProducer<string, byte[]> Producer { get; }

    /// <summary>Starts a broker with every ecosystem topic and its dead-letter twin, 8 partitions each.</summary>
    /// <param name="lingerMs">The producer's linger: batching for bulk loads, 0 when latency is measured.</param>
    public static OrderLog Start(int lingerMs)
    {
        var broker = EmbeddedKafkaBroker.Start();
        foreach (var topic in Topics.All)
        {
            broker.CreateTopic(topic, Partitions);
            broker.CreateTopic(topic + ".dlq", Partitions);
        }

        return new OrderLog(broker, lingerMs);
    }

    /// <summary>
    /// The settings that point a silo at this broker. Orders are produced SHIPPED: the view, the router and the
    /// customer view apply them, but no validation round trip doubles the load.
    /// </summary>
    public IEnumerable<string> SiloSettings() =>
    [
        $"--Kafka:BootstrapServers={BootstrapServers}",

        // A real broker answers a fetch as soon as data arrives; the mock only after fetch.wait.max.ms. Dev mode's
        // 50 ms would put the mock's wait, not the silo's, into freshness, so the benches wait at most 10 ms.
        $"--Kafka:Settings:{EmbeddedKafkaBroker.FetchWaitSetting}=10",
    ];

    public static string OrderId(int index) => "o-" + index.ToString(CultureInfo.InvariantCulture);

    public static byte[] OrderJson(string id, int version) => JsonSerializer.SerializeToUtf8Bytes(
        new Order(id, CustomerId: 1 + (id.GetHashCode(StringComparison.Ordinal) & 0x3ff), OrderState.Shipped, Product.Jumpers, 1 + version, 12.5m));

    /// <summary>Produces one order for each of <paramref name="count"/> IDs and waits until the broker has them all.</summary>
    public void ProduceOrders(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var id = OrderId(i);
            Produce(id, OrderJson(id, 0));
        }

        Producer.Flush(TimeSpan.FromMinutes(2));
    }

    public void Produce(string key, byte[] value, Action<DeliveryReport<string, byte[]>>? delivered = null) =>
        Produce(Producer, key, value, delivered);

    /// <summary>Produces one order event with <paramref name="producer"/>, waiting while its queue is full.</summary>
    public static void Produce(IProducer<string, byte[]> producer, string key, byte[] value, Action<DeliveryReport<string, byte[]>>? delivered = null)
    {
        while (true)
        {
            try
            {
                producer.Produce(Topics.Orders, new Message<string, byte[]> { Key = key, Value = value }, delivered);
                return;
            }
            catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
            {
                // Backpressure from the producer's queue: let it drain.
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }

    /// <summary>Waits until <paramref name="silo"/> reports every produced order committed, so every view has applied its event.</summary>
    /// <returns>How long it took.</returns>
    public static async Task<TimeSpan> WaitUntilAppliedAsync(SiloProcess silo, long produced, TimeSpan timeout)
    {
        var last = "no status";
        var clock = Stopwatch.StartNew();
        await silo.WaitUntilAsync(
            async () =>
            {
                if (await silo.TryStatusAsync() is not { } status)
                {
                    return false;
                }

                var partitions = status.GetProperty("partitions").EnumerateArray()
                    .Where(p => p.GetProperty("topic").GetString() == Topics.Orders)
                    .Select(p => (
                        Committed: p.GetProperty("committedOffset").ValueKind == JsonValueKind.Number ? p.GetProperty("committedOffset").GetInt64() : -1,
                        High: p.GetProperty("highWatermark").GetInt64()))
                    .ToList();
                last = string.Join(", ", partitions.Select(p => $"{p.Committed}/{p.High}"));
                return partitions.Count == Partitions && partitions.Sum(p => p.High) >= produced && partitions.All(p => p.Committed == p.High);
            },
            timeout,
            $"{produced} orders committed on every partition (committed/high: {last})");
        Console.Error.WriteLine($"  {produced:N0} orders applied, {clock.Elapsed.TotalSeconds:0.0} s after the last was produced");
        return clock.Elapsed;
    }

    public void Dispose()
    {
        Producer.Dispose();
        _broker.Dispose();
    }
}
