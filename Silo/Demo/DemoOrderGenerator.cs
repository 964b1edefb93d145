using System.Globalization;
using ActorViews.Grains;
using ActorViews.Silo.Hosting;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Demo;

/// <summary>
/// Publishes the ecosystem's reference data once (stock of every product, the customers' profiles), then
/// sample orders at a steady rate while the host runs; the services validate them.
/// </summary>
internal sealed partial class DemoOrderGenerator(
    [FromKeyedServices(SiloNames.KafkaProvider)] IKafkaPublisher publisher,
    IOptions<DemoOptions> options,
    ILogger<DemoOrderGenerator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var demo = options.Value;
        var sequence = new DemoOrderSequence(demo.Orders, demo.Seed);
        LogStarting(logger, demo.OrdersPerSecond, demo.Orders, SiloNames.OrdersTopic);

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / demo.OrdersPerSecond));
        try
        {
            await PublishReferenceDataAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var order = sequence.Next();
                try
                {
                    await publisher.PublishAsync(SiloNames.OrdersTopic, order.Id, order, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A broker outage must not stop the host; the next tick tries again.
                    LogPublishFailed(logger, exception, order.Id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task PublishReferenceDataAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var product in Enum.GetValues<Product>())
            {
                await publisher.PublishAsync(Topics.WarehouseInventory, ProductNames.Of(product), new Inventory(product, DemoStock), cancellationToken);
            }

            for (var id = DemoOrderSequence.FirstCustomer; id <= DemoOrderSequence.LastCustomer; id++)
            {
                var key = id.ToString(CultureInfo.InvariantCulture);
                await publisher.PublishAsync(Topics.Customers, key, new Customer(id, "Demo", $"Customer {key}", $"customer{key}@example.com", $"{key} Log Street"), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Without stock the demo orders fail the inventory check; the demo still runs.
            LogReferenceDataFailed(logger, exception);
        }
    }

    private const long DemoStock = 1_000_000;

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Demo could not publish stock and customer profiles")]
    private static partial void LogReferenceDataFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 100, Level = LogLevel.Information,
        Message = "Demo publishing {OrdersPerSecond} order events per second over {Orders} order IDs to {Topic}")]
    private static partial void LogStarting(ILogger logger, double ordersPerSecond, int orders, string topic);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Demo could not publish an event of order {OrderId}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string orderId);
}
