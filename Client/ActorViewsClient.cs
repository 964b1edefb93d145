using System.Globalization;
using ActorViews.Ecosystem;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace ActorViews.Client;

/// <summary>
/// Typed access to the ActorViews views for .NET applications, through an Orleans cluster client: the calls
/// go straight to the grains, wherever they live, without the HTTP gateway. Given a broker, it also writes
/// the ecosystem's events to Kafka, answering each write with its position, which the waits accept.
/// </summary>
public sealed class ActorViewsClient : IAsyncDisposable
{
    private readonly IHost? _host;
    private readonly IKafkaPublisher? _publisher;
    private readonly KafkaViewVersionCache _views;

    /// <summary>Wraps a cluster client the application already runs; the client reads but does not write.</summary>
    public ActorViewsClient(IClusterClient client)
        : this(client, publisher: null, host: null)
    {
    }

    /// <summary>
    /// Wraps a cluster client the application already runs and a publisher of its Kafka provider (configured
    /// with the ecosystem's topics), for writes.
    /// </summary>
    public ActorViewsClient(IClusterClient client, IKafkaPublisher publisher)
        : this(client, publisher ?? throw new ArgumentNullException(nameof(publisher)), host: null)
    {
    }

    private ActorViewsClient(IClusterClient client, IKafkaPublisher? publisher, IHost? host)
    {
        ArgumentNullException.ThrowIfNull(client);
        Grains = client;

        // Reads go to the version of each view that answers them, which a rebuild switches (docs/evolving-views.md).
        _views = new KafkaViewVersionCache(client, TimeSpan.FromSeconds(1));
        _publisher = publisher;
        _host = host;
    }

    /// <summary>The grain factory, for calls this class does not wrap.</summary>
    public IGrainFactory Grains { get; }

    /// <summary>Connects to the silo gateway at <paramref name="gateway"/> (<c>host:port</c>, e.g. <c>localhost:30000</c>).</summary>
    /// <param name="gateway">The silo's Orleans gateway endpoint.</param>
    /// <param name="clusterId">The cluster ID the silo runs with.</param>
    /// <param name="serviceId">The service ID the silo runs with.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A client owning its connection; dispose it to disconnect.</returns>
    public static Task<ActorViewsClient> ConnectAsync(
        string gateway, string clusterId = "actorviews", string serviceId = "actorviews", CancellationToken cancellationToken = default) =>
        ConnectAsync(new ActorViewsClientOptions { Gateway = gateway, ClusterId = clusterId, ServiceId = serviceId }, cancellationToken);

    /// <summary>
    /// Connects to the silo gateway of <paramref name="options"/>; with <see cref="ActorViewsClientOptions.BootstrapServers"/>
    /// set, the client also writes.
    /// </summary>
    /// <param name="options">Where the cluster and the broker are.</param>
    /// <param name="cancellationToken">Cancels connecting.</param>
    /// <returns>A client owning its connection (and producer); dispose it to disconnect.</returns>
    public static async Task<ActorViewsClient> ConnectAsync(ActorViewsClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoint = await GatewayAddress.ResolveAsync(options.Gateway, cancellationToken);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleansClient(client =>
        {
            client.UseStaticClustering(endpoint).Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            if (options.BootstrapServers is { Length: > 0 } bootstrap)
            {
                // Partition counts do not matter here: the producer partitions by key, as every client does.
                var streams = OrderStreams.Read(new ConfigurationBuilder().Build());
                client.AddKafkaStreams(OrderStreams.ProviderName, kafka => streams.ApplyTo(kafka, bootstrap, options.Kafka));
            }
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ActorViewsClient(
            host.Services.GetRequiredService<IClusterClient>(), host.Services.GetKeyedService<IKafkaPublisher>(OrderStreams.ProviderName), host);
    }

    /// <summary>The grain of the order's view that answers reads now (a rebuild switches it to a new version).</summary>
    public Task<IOrderView> OrderViewAsync(string orderId) => _views.ViewAsync<IOrderView>(orderId);

    /// <summary>The order's view now, or null when no event of it arrived.</summary>
    public async Task<OrderSnapshot?> GetOrderAsync(string orderId) => await (await _views.ViewAsync<IOrderView>(orderId)).GetAsync();

    /// <summary>Waits up to <paramref name="timeout"/> until the order is in its view; null when it is not by then.</summary>
    public Task<OrderSnapshot?> WaitForOrderAsync(string orderId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(orderId, OrderWaitCondition.Present, timeout, cancellationToken);

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (any length: the wait is made of bounded long-polls) until the
    /// order is VALIDATED or FAILED; null when it is not by then.
    /// </summary>
    public Task<OrderSnapshot?> WaitForValidatedAsync(string orderId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitAsync(orderId, OrderWaitCondition.Settled, timeout, cancellationToken);

    /// <summary>Writes a new version of <paramref name="order"/> to <c>orders</c>.</summary>
    /// <returns>Where it was written; <see cref="WaitForOrderAsync(string, KafkaPosition, TimeSpan, CancellationToken)"/> waits for it.</returns>
    /// <exception cref="InvalidOperationException">The client was made without a broker.</exception>
    public Task<KafkaPosition> WriteOrderAsync(Order order, CancellationToken cancellationToken = default) =>
        PublishAsync(Topics.Orders, order?.Id, order, cancellationToken);

    /// <summary>Writes <paramref name="customer"/>'s profile to <c>customers</c>.</summary>
    /// <returns>Where it was written; <see cref="WaitForCustomerAsync"/> waits for it.</returns>
    /// <exception cref="InvalidOperationException">The client was made without a broker.</exception>
    public Task<KafkaPosition> WriteCustomerAsync(Customer customer, CancellationToken cancellationToken = default) =>
        PublishAsync(Topics.Customers, customer?.Id.ToString(CultureInfo.InvariantCulture), customer, cancellationToken);

    /// <summary>Writes <paramref name="payment"/> to <c>payments</c>; it shows in its order's view.</summary>
    /// <returns>Where it was written; <see cref="WaitForOrderAsync(string, KafkaPosition, TimeSpan, CancellationToken)"/> waits for it.</returns>
    /// <exception cref="InvalidOperationException">The client was made without a broker.</exception>
    public Task<KafkaPosition> WritePaymentAsync(Payment payment, CancellationToken cancellationToken = default) =>
        PublishAsync(Topics.Payments, payment?.Id, payment, cancellationToken);

    /// <summary>Writes the warehouse's stock of a product to <c>warehouse-inventory</c>.</summary>
    /// <returns>Where it was written; <see cref="WaitForInventoryAsync"/> waits for it.</returns>
    /// <exception cref="InvalidOperationException">The client was made without a broker.</exception>
    public Task<KafkaPosition> WriteInventoryAsync(Inventory inventory, CancellationToken cancellationToken = default) =>
        PublishAsync(Topics.WarehouseInventory, inventory is null ? null : ProductNames.Of(inventory.Product), inventory, cancellationToken);

    /// <summary>Waits up to <paramref name="timeout"/> until the order's view applied <paramref name="after"/>; null when it has not by then.</summary>
    public async Task<OrderSnapshot?> WaitForOrderAsync(string orderId, KafkaPosition after, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ViewWaits.RequireTopic(after, ViewWaits.OrderViewTopics);
        var view = await _views.ViewAsync<IOrderView>(orderId);
        return await LongPollAsync(wait => view.WaitAsync(OrderWaitCondition.Present, after, wait), timeout, cancellationToken);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until the customer is in its view and the view applied
    /// <paramref name="after"/> (a position of <c>customers</c>), if given; null when it is not by then.
    /// </summary>
    public async Task<CustomerSnapshot?> WaitForCustomerAsync(long customerId, KafkaPosition? after, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ViewWaits.RequireTopic(after, ViewWaits.CustomerViewTopics);
        var view = await _views.ViewAsync<ICustomerView>(customerId.ToString(CultureInfo.InvariantCulture));
        return await LongPollAsync(wait => view.WaitAsync(after, wait), timeout, cancellationToken);
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until the product's stock is in its view and the view applied
    /// <paramref name="after"/> (a position of <c>warehouse-inventory</c>), if given; null when it is not by then.
    /// </summary>
    public async Task<InventorySnapshot?> WaitForInventoryAsync(Product product, KafkaPosition? after, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ViewWaits.RequireTopic(after, ViewWaits.InventoryViewTopics);
        var view = await _views.ViewAsync<IInventoryView>(ProductNames.Of(product));
        return await LongPollAsync(wait => view.WaitAsync(after, wait), timeout, cancellationToken);
    }

    /// <summary>The customer's view now, or null when neither profile nor order of it arrived.</summary>
    public async Task<CustomerSnapshot?> GetCustomerAsync(long customerId) =>
        await (await _views.ViewAsync<ICustomerView>(customerId.ToString(CultureInfo.InvariantCulture))).GetAsync();

    /// <summary>The product's inventory view now, or null when the warehouse never reported it.</summary>
    public async Task<InventorySnapshot?> GetInventoryAsync(Product product) =>
        await (await _views.ViewAsync<IInventoryView>(ProductNames.Of(product))).GetAsync();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            _host.Dispose();
        }
    }

    private async Task<OrderSnapshot?> WaitAsync(string orderId, OrderWaitCondition until, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var view = await _views.ViewAsync<IOrderView>(orderId);
        return await LongPollAsync(wait => view.WaitAsync(until, after: null, wait), timeout, cancellationToken);
    }

    // A grain bounds one wait at ViewWaits.MaxTimeout; a longer one is a series of them.
    private static async Task<T?> LongPollAsync<T>(Func<TimeSpan, Task<ViewWaitResult<T>>> wait, TimeSpan timeout, CancellationToken cancellationToken)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = deadline - DateTimeOffset.UtcNow;
            var result = await wait(ViewWaits.Clamp(left)).WaitAsync(cancellationToken);
            if (result.Satisfied)
            {
                return result.Snapshot;
            }

            if (left <= ViewWaits.MaxTimeout)
            {
                return null;
            }
        }
    }

    private Task<KafkaPosition> PublishAsync<T>(string topic, string? key, T? value, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        var publisher = _publisher ?? throw new InvalidOperationException(
            "This client was made without a broker: connect with ActorViewsClientOptions.BootstrapServers set, or pass an IKafkaPublisher, to write.");
        return publisher.PublishAsync(topic, key!, value, cancellationToken);
    }
}
