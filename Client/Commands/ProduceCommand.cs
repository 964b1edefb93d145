using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorViews.Client.Cli;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Client.Commands;

/// <summary><c>actorviews produce</c>: writes sample stock, customers, orders and payments to the topics.</summary>
internal sealed class ProduceCommand : ICliCommand
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public string Name => "produce";

    public string Summary => "Write sample stock, customers, CREATED orders and their payments to Kafka.";

    public string Usage => """
        Usage: actorviews produce --bootstrap-servers HOST:PORT[,...] [options]

        Writes, in this order: stock for every product, N customer profiles, N CREATED orders (random product,
        quantity and price, customers picked among those written) and one payment per order. Keys and values
        are what the silo's views expect; keys are partitioned the way every Kafka client does (murmur2).
        Progress goes to stderr once a second; the last line says how many messages were written.

        Options:
          --bootstrap-servers LIST    the broker (e.g. the one GET /v1/status shows)
          --orders N                  orders to write, with a payment each (default 100)
          --customers N               customer profiles to write (default 10)
          --stock N                   units of stock per product (default 1000)
          --seed N                    random seed, for repeatable data (default 42)
          -h, --help                  show this help

        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken shutdown)
    {
        string? bootstrap = null;
        int orders = 100, customers = 10, stock = 1000, seed = 42;
        var reader = new ArgumentReader(args);
        while (reader.MoveNext())
        {
            switch (reader.Current)
            {
                case "--bootstrap-servers": bootstrap = reader.Value(); break;
                case "--orders": orders = reader.IntValue(minimum: 0); break;
                case "--customers": customers = reader.IntValue(minimum: 1); break;
                case "--stock": stock = reader.IntValue(minimum: 0); break;
                case "--seed": seed = reader.IntValue(minimum: 0); break;
                default: throw new UsageException($"Unexpected argument '{reader.Current}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(bootstrap))
        {
            throw new UsageException("--bootstrap-servers is required.");
        }

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Partitioner = Partitioner.Murmur2Random,
            CompressionType = CompressionType.Lz4,
            LingerMs = 20,
            Acks = Acks.All,
        }).Build();
        var progress = new Progress(orders * 2 + customers + Enum.GetValues<Product>().Length);
        var random = new Random(seed);

        foreach (var product in Enum.GetValues<Product>())
        {
            await WriteAsync(producer, Topics.WarehouseInventory, ProductNames.Of(product), new Inventory(product, stock), progress, shutdown);
        }

        for (var c = 1; c <= customers; c++)
        {
            var customer = new Customer(c, $"First{c}", $"Last{c}", $"customer{c}@example.com", $"{c} Sample Street");
            await WriteAsync(producer, Topics.Customers, c.ToString(CultureInfo.InvariantCulture), customer, progress, shutdown);
        }

        var products = Enum.GetValues<Product>();
        for (var n = 1; n <= orders; n++)
        {
            var id = $"sample-{seed}-{n}";
            var order = new Order(id, random.Next(1, customers + 1), OrderState.Created, products[random.Next(products.Length)], random.Next(1, 6), Math.Round((decimal)(random.NextDouble() * 49) + 1, 2));
            await WriteAsync(producer, Topics.Orders, id, order, progress, shutdown);
            await WriteAsync(producer, Topics.Payments, $"payment-{id}", new Payment($"payment-{id}", id, "EUR", order.Quantity * order.Price), progress, shutdown);
        }

        producer.Flush(shutdown);
        progress.Finish();
        return ExitCodes.Success;
    }

    private static async Task WriteAsync<T>(IProducer<string, byte[]> producer, string topic, string key, T value, Progress progress, CancellationToken shutdown)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, JsonEventSerializer.Options);
        try
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = bytes }, report => progress.Delivered(report.Error));
        }
        catch (ProduceException<string, byte[]> ex) when (ex.Error.Code == Confluent.Kafka.ErrorCode.Local_QueueFull)
        {
            // The local queue is full: let deliveries drain, then write again.
            producer.Poll(TimeSpan.FromMilliseconds(100));
            await WriteAsync(producer, topic, key, value, progress, shutdown);
            return;
        }

        progress.Report();
        shutdown.ThrowIfCancellationRequested();
    }

    /// <summary>Counts acknowledged writes and reports them once a second.</summary>
    private sealed class Progress(int total)
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan _lastReport;
        private int _delivered;
        private int _failed;
        private string? _firstError;

        public void Delivered(Error error)
        {
            if (error.IsError)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstError, error.Reason, null);
            }
            else
            {
                Interlocked.Increment(ref _delivered);
            }
        }

        public void Report()
        {
            if (_clock.Elapsed - _lastReport >= ProgressEvery)
            {
                _lastReport = _clock.Elapsed;
                Console.Error.WriteLine($"produce: {Volatile.Read(ref _delivered)} of {total} written");
            }
        }

        public void Finish()
        {
            Console.Error.WriteLine($"produce: {_delivered} of {total} written in {_clock.Elapsed.TotalSeconds:0.0} s");
            if (_failed > 0)
            {
                throw new InvalidOperationException($"{_failed} messages were not written: {_firstError}");
            }
        }
    }
}
