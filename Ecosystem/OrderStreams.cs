using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Configuration;

namespace ActorViews.Ecosystem;

/// <summary>
/// The Kafka stream provider of the orders ecosystem as configuration describes it, so that a silo and a
/// gateway running apart configure it alike: same topics, partition counts, consumer group and librdkafka
/// settings.
/// </summary>
public sealed class OrderStreams
{
    /// <summary>
    /// The name every host registers the ecosystem's Kafka stream provider under, and the key of its keyed
    /// services (<c>IKafkaPublisher</c>, <c>IKafkaStreamStatus</c>).
    /// </summary>
    public const string ProviderName = StreamProviders.Kafka;

    /// <summary>The key of the brokers to bootstrap from.</summary>
    public const string BootstrapServersKey = "Kafka:BootstrapServers";

    /// <summary>The partition count of a topic whose <c>Kafka:Topics:{name}:Partitions</c> is not set.</summary>
    public const int DefaultPartitions = 8;

    /// <summary>
    /// The key that switches partition affinity (<see cref="KafkaStreamOptions.PartitionAffinity"/>): <c>true</c>
    /// (the default) places the router, product, customer and order view grains on the silo that reads their partition.
    /// </summary>
    public const string PartitionAffinityKey = "Kafka:PartitionAffinity";

    /// <summary>The key of <see cref="KafkaStreamOptions.ReplacedVersionDeleteDelay"/>, a time span such as <c>00:01:00</c>.</summary>
    public const string ReplacedVersionDeleteDelayKey = "Kafka:ReplacedVersionDeleteDelay";

    private readonly Dictionary<string, int> _partitions;
    private readonly string? _consumerGroupId;
    private readonly Dictionary<string, string> _settings;
    private readonly bool _partitionAffinity;
    private readonly TimeSpan? _replacedVersionDeleteDelay;

    private OrderStreams(Dictionary<string, int> partitions, string? consumerGroupId, Dictionary<string, string> settings, bool partitionAffinity, TimeSpan? replacedVersionDeleteDelay)
    {
        _partitions = partitions;
        _consumerGroupId = consumerGroupId;
        _settings = settings;
        _partitionAffinity = partitionAffinity;
        _replacedVersionDeleteDelay = replacedVersionDeleteDelay;
    }

    /// <summary>
    /// Reads each topic's <c>Kafka:Topics:{name}:Partitions</c> (default 8), <c>Kafka:ConsumerGroupId</c>,
    /// <c>Kafka:PartitionAffinity</c> (default true), <c>Kafka:ReplacedVersionDeleteDelay</c> (how long after a rebuild's
    /// switch the replaced version is deleted; default one minute) and every key of <c>Kafka:Settings</c> (passed to librdkafka
    /// as is: SASL, SSL, ...).
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The settings, read now so that a bad one fails start-up.</returns>
    /// <exception cref="InvalidOperationException">
    /// A partition count is not positive, <c>Kafka:PartitionAffinity</c> is neither true nor false, or
    /// <c>Kafka:ReplacedVersionDeleteDelay</c> is not a positive time span; the message names the key.
    /// </exception>
    public static OrderStreams Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var partitions = Topics.All.ToDictionary(topic => topic, topic => Partitions(configuration, topic));
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var setting in configuration.GetSection("Kafka:Settings").GetChildren())
        {
            if (setting.Value is { } value)
            {
                settings[setting.Key] = value;
            }
        }

        return new OrderStreams(
            partitions,
            configuration["Kafka:ConsumerGroupId"] is { Length: > 0 } group ? group : null,
            settings,
            PartitionAffinity(configuration),
            ReplacedVersionDeleteDelay(configuration));
    }

    /// <summary>
    /// Configures <paramref name="options"/> for <paramref name="bootstrapServers"/>: the ecosystem's topics
    /// with the views they feed, and the librdkafka settings (configured ones over <paramref name="brokerSettings"/>).
    /// </summary>
    /// <param name="options">The provider's options.</param>
    /// <param name="bootstrapServers">The brokers.</param>
    /// <param name="brokerSettings">Settings the broker itself needs (e.g. the embedded broker's), or null.</param>
    public void ApplyTo(KafkaStreamOptions options, string bootstrapServers, IReadOnlyDictionary<string, string>? brokerSettings = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BootstrapServers = bootstrapServers;
        if (_consumerGroupId is not null)
        {
            options.ConsumerGroupId = _consumerGroupId;
        }

        foreach (var (key, value) in (brokerSettings ?? new Dictionary<string, string>()).Concat(_settings))
        {
            options.Kafka[key] = value;
        }

        options.PartitionAffinity = _partitionAffinity;
        options.ReplacedVersionDeleteDelay = _replacedVersionDeleteDelay ?? options.ReplacedVersionDeleteDelay;

        // A feed is rebuilt with the view whose grains its events end in: the order view's verdicts and payments, and
        // the requests and orders the inventory and customer grains keep beside their own view (docs/evolving-views.md).
        // The router reads a whole partition of orders and re-keys it through the two internal topics, by product
        // and by customer, instead of calling those grains (docs/orders-workflow.md).
        options.AddTopic<Order>(Topics.Orders, _partitions[Topics.Orders])
            .WithView<IOrderView>()
            .WithPartitionView<IOrderRouter>();
        options.AddTopic<OrderValidation>(Topics.OrderValidations, _partitions[Topics.OrderValidations])
            .WithFeed<IOrderValidationsFeed, IOrderView>();
        options.AddTopic<Payment>(Topics.Payments, _partitions[Topics.Payments]).WithFeed<IPaymentFeed, IOrderView>();
        options.AddTopic<Customer>(Topics.Customers, _partitions[Topics.Customers]).WithView<ICustomerView>();
        options.AddTopic<Inventory>(Topics.WarehouseInventory, _partitions[Topics.WarehouseInventory]).WithView<IInventoryView>();
        options.AddTopic<InventoryRequest>(Topics.InventoryRequests, _partitions[Topics.InventoryRequests]).WithFeed<IInventoryRequests, IInventoryView>();
        options.AddTopic<CustomerOrder>(Topics.CustomerOrders, _partitions[Topics.CustomerOrders]).WithFeed<ICustomerOrders, ICustomerView>();
    }

    /// <summary>The partition count configured for <paramref name="topic"/>, one of <see cref="Topics.All"/>.</summary>
    public int PartitionsOf(string topic) => _partitions[topic];

    private static bool PartitionAffinity(IConfiguration configuration)
    {
        var value = configuration[PartitionAffinityKey];
        if (string.IsNullOrEmpty(value))
        {
            return true;
        }

        return bool.TryParse(value, out var affinity)
            ? affinity
            : throw new InvalidOperationException($"Configuration '{PartitionAffinityKey}' must be true or false; it is '{value}'.");
    }

    private static TimeSpan? ReplacedVersionDeleteDelay(IConfiguration configuration)
    {
        var value = configuration[ReplacedVersionDeleteDelayKey];
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return TimeSpan.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var delay) && delay > TimeSpan.Zero
            ? delay
            : throw new InvalidOperationException($"Configuration '{ReplacedVersionDeleteDelayKey}' must be a positive time span (e.g. 00:01:00); it is '{value}'.");
    }

    private static int Partitions(IConfiguration configuration, string topic)
    {
        var key = $"Kafka:Topics:{topic}:Partitions";
        var partitions = configuration.GetValue(key, DefaultPartitions);
        return partitions > 0
            ? partitions
            : throw new InvalidOperationException($"Configuration '{key}' must be a positive partition count; it is {partitions}.");
    }
}
