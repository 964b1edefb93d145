using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ActorViews.Cli.CommandLine;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Cli.Commands;

/// <summary><c>actorviews produce</c>: writes sample stock, customers, orders and payments to the topics.</summary>
internal sealed class ProduceCommand : DocumentedCommand
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    private readonly Option<string> _bootstrapServers = CheckedOptions.Text("--bootstrap-servers", "LIST", "the broker (e.g. the one GET /v1/status shows)", required: true);
    private readonly Option<int> _orders = CheckedOptions.WholeNumber("--orders", "orders to write, with a payment each", minimum: 0, defaultValue: 100);
    private readonly Option<int> _customers = CheckedOptions.WholeNumber("--customers", "customer profiles to write", minimum: 1, defaultValue: 10);
    private readonly Option<int> _stock = CheckedOptions.WholeNumber("--stock", "units of stock per product", minimum: 0, defaultValue: 1000);
    private readonly Option<int> _seed = CheckedOptions.WholeNumber("--seed", "random seed, for repeatable data", minimum: 0, defaultValue: 42);

    public ProduceCommand()
        : base("produce", "Write sample stock, customers, CREATED orders and their payments to Kafka.")
    {
        Details = """
            Writes, in this order: stock for every product, N customer profiles, N CREATED orders (random product,
            quantity and price, customers picked among those written) and one payment per order. Keys and values
            are what the silo's views expect; keys are partitioned the way every Kafka client does (murmur2).
            Progress goes to stderr once a second; the last line says how many messages were written.
            """;
        Options.Add(_bootstrapServers);
        Options.Add(_orders);
        Options.Add(_customers);
        Options.Add(_stock);
        Options.Add(_seed);
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken shutdown)
    {
        var bootstrap = parse.GetRequiredValue(_bootstrapServers);
        var (orders, customers, stock, seed) = (parse.GetValue(_orders), parse.GetValue(_customers), parse.GetValue(_stock), parse.GetValue(_seed));
        var config = KafkaClientConfig.ForProducer(bootstrap, [], "actorviews-produce");

        // Sample data is written in bulk: larger batches than the provider's.
        config.LingerMs = 20;
        using var producer = new ProducerBuilder<string, byte[]>(config).Build();
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
