using System.Globalization;
using ActorViews.Grains;
using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Demo;

/// <summary>
/// A client of the ecosystem, as a shop front and a warehouse would be: publishes stock of every product and
/// the customers' profiles once, then places new CREATED orders at a steady rate while the host runs. The
/// services validate or fail them; the demo ships the ones they validated (it never decides an order itself).
/// </summary>
internal sealed partial class DemoOrderGenerator(
    [FromKeyedServices(SiloNames.KafkaProvider)] IKafkaPublisher publisher,
    IGrainFactory grains,
    IOptions<DemoOptions> options,
    ILogger<DemoOrderGenerator> logger) : BackgroundService
{
    private const long DemoStock = 1_000_000;

    // Orders placed and not yet seen settled; bounded so that orders the services never answer cannot pile up.
    private const int MaxUnshipped = 1_000;

    // Orders looked at per tick: enough to keep up with the rate of new orders, few enough to stay cheap.
    private const int ChecksPerTick = 4;

    private readonly Queue<string> _unshipped = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        var sequence = new DemoOrderSequence(demo.Seed);
        LogStarting(logger, demo.OrdersPerSecond, demo.Orders, SiloNames.OrdersTopic);

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / demo.OrdersPerSecond));
        try
        {
            await PublishReferenceDataAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (sequence.Placed < demo.Orders)
                {
                    await PlaceAsync(sequence.Next(), stoppingToken);
                }

                if (demo.Ship)
                {
                    await ShipValidatedAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task PlaceAsync(Order order, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(SiloNames.OrdersTopic, order.Id, order, cancellationToken);
            if (_unshipped.Count == MaxUnshipped)
            {
                _unshipped.Dequeue();
            }

            _unshipped.Enqueue(order.Id);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A broker outage must not stop the host; the ID stays unused and the next tick places the next one.
            LogPublishFailed(logger, exception, order.Id);
        }
    }

    private async Task ShipValidatedAsync(CancellationToken cancellationToken)
    {
        for (var checks = Math.Min(ChecksPerTick, _unshipped.Count); checks > 0; checks--)
        {
            var id = _unshipped.Dequeue();
            try
            {
                switch ((await grains.GetGrain<IOrderView>(id).GetAsync())?.Order)
                {
                    case { State: OrderState.Validated } validated:
                        await publisher.PublishAsync(SiloNames.OrdersTopic, id, validated with { State = OrderState.Shipped }, cancellationToken);
                        break;
                    case { State: OrderState.Failed or OrderState.Shipped }:
                        break;
                    default:
                        // Not settled yet: look again after the others.
                        _unshipped.Enqueue(id);
                        break;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                _unshipped.Enqueue(id);
                LogPublishFailed(logger, exception, id);
            }
        }
    }

    private async Task PublishReferenceDataAsync(CancellationToken cancellationToken)
    {
        try
        {
            var stocked = new List<(Product Product, KafkaPosition Position)>();
            foreach (var product in Enum.GetValues<Product>())
            {
                stocked.Add((product, await publisher.PublishAsync(Topics.WarehouseInventory, ProductNames.Of(product), new Inventory(product, DemoStock), cancellationToken)));
            }

            for (var id = DemoOrderSequence.FirstCustomer; id <= DemoOrderSequence.LastCustomer; id++)
            {
                var key = id.ToString(CultureInfo.InvariantCulture);
                await publisher.PublishAsync(Topics.Customers, key, new Customer(id, "Demo", $"Customer {key}", $"customer{key}@example.com", $"{key} Log Street"), cancellationToken);
            }

            // Orders placed before the stock is in the views would fail the inventory check: read our writes first.
            foreach (var (product, position) in stocked)
            {
                var stock = await grains.GetGrain<IInventoryView>(ProductNames.Of(product)).WaitAsync(position, ViewWaits.MaxTimeout);
                if (!stock.Satisfied)
                {
                    LogStockNotApplied(logger, ProductNames.Of(product), ViewWaits.MaxTimeout);
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Without stock the demo orders fail the inventory check; the demo still runs.
            LogReferenceDataFailed(logger, exception);
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Demo placing {OrdersPerSecond} new orders per second, up to {Orders}, on {Topic}")]
    private static partial void LogStarting(ILogger logger, double ordersPerSecond, int orders, string topic);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Demo could not publish an event of order {OrderId}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string orderId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Demo could not publish stock and customer profiles")]
    private static partial void LogReferenceDataFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Demo stock of {Product} did not reach its view within {Timeout}; early orders may fail")]
    private static partial void LogStockNotApplied(ILogger logger, string product, TimeSpan timeout);
}
