using System.Text.RegularExpressions;

namespace ActorViews.Streaming.Kafka;

/// <summary>Fails silo and client start-up on options the provider cannot run with, naming the option.</summary>
public sealed partial class KafkaStreamOptionsValidator(KafkaStreamOptions options, string name) : IConfigurationValidator
{
    // A day: far inside Kafka's default offset retention of 7 days, and inside the 1 day that older brokers kept.
    private static readonly TimeSpan MaxOffsetRenewInterval = TimeSpan.FromDays(1);

    /// <inheritdoc />
    public void ValidateConfiguration()
    {
        Require(!string.IsNullOrWhiteSpace(options.BootstrapServers), nameof(options.BootstrapServers), "is required (host:port[,host:port...])");
        Require(!string.IsNullOrWhiteSpace(options.ConsumerGroupId), nameof(options.ConsumerGroupId), "is required");
        Require(options.Topics.Count > 0, nameof(options.Topics), "must name at least one topic");
        Require(options.MaxBatchSize > 0, nameof(options.MaxBatchSize), "must be positive");
        Require(options.PollTimeout > TimeSpan.Zero, nameof(options.PollTimeout), "must be positive");
        Require(options.ViewVersionPollInterval > TimeSpan.Zero, nameof(options.ViewVersionPollInterval), "must be positive");
        Require(options.ReplacedVersionDeleteDelay >= options.ViewVersionPollInterval, nameof(options.ReplacedVersionDeleteDelay), "must be at least ViewVersionPollInterval");
        Require(options.MaxConcurrentViewCalls > 0, nameof(options.MaxConcurrentViewCalls), "must be positive");
        Require(options.MaxQueuedViewEvents >= options.MaxBatchSize, nameof(options.MaxQueuedViewEvents), "must be at least MaxBatchSize");
        Require(options.CommitInterval > TimeSpan.Zero, nameof(options.CommitInterval), "must be positive");
        Require(options.MaxDeliveryAttempts > 0, nameof(options.MaxDeliveryAttempts), "must be at least 1");
        Require(options.RetryBackoff >= TimeSpan.Zero, nameof(options.RetryBackoff), "must not be negative");
        Require(options.MaxMessageBytes > 0, nameof(options.MaxMessageBytes), "must be positive");
        Require(options.ReclaimAfterFencedDelay > TimeSpan.Zero, nameof(options.ReclaimAfterFencedDelay), "must be positive");
        Require(
            options.OffsetRenewInterval > TimeSpan.Zero && options.OffsetRenewInterval <= MaxOffsetRenewInterval,
            nameof(options.OffsetRenewInterval),
            $"must be positive and at most {MaxOffsetRenewInterval.TotalHours} hours (Kafka forgets offsets not committed for offsets.retention.minutes, 7 days by default)");

        var names = new HashSet<string>(StringComparer.Ordinal);
        var namespaces = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Topics.Count; i++)
        {
            var topic = options.Topics[i];
            var path = $"{nameof(options.Topics)}[{i}]";
            Require(TopicName().IsMatch(topic.Name), $"{path}.{nameof(topic.Name)}", $"'{topic.Name}' is not a Kafka topic name (1-249 of [a-zA-Z0-9._-])");
            Require(names.Add(topic.Name), $"{path}.{nameof(topic.Name)}", $"'{topic.Name}' is configured twice");
            Require(namespaces.Add(topic.EffectiveNamespace), $"{path}.{nameof(topic.StreamNamespace)}", $"'{topic.EffectiveNamespace}' is the namespace of another topic too");
            Require(topic.Partitions > 0, $"{path}.{nameof(topic.Partitions)}", "must be positive");
            Require(topic.EventType is not null, $"{path}.{nameof(topic.EventType)}", "is required");
            foreach (var (header, type) in topic.EventTypes)
            {
                Require(topic.EventType?.IsAssignableFrom(type) == true, $"{path}.{nameof(topic.EventTypes)}[{header}]", $"{type.Name} is not a {topic.EventType?.Name}");
            }

            var viewContract = topic.EventType is null ? null : typeof(IKafkaView<>).MakeGenericType(topic.EventType);
            RequireViews(topic.Views, viewContract, $"{path}.{nameof(topic.Views)}", topic.EventType);
            RequireViews(topic.PartitionViews, viewContract, $"{path}.{nameof(topic.PartitionViews)}", topic.EventType);
        }
    }

    private void RequireViews(List<Type> views, Type? viewContract, string option, Type? eventType)
    {
        foreach (var view in views)
        {
            Require(view.IsInterface && viewContract?.IsAssignableFrom(view) == true, option, $"{view.Name} must be a grain interface implementing IKafkaView<{eventType?.Name}>");
        }
    }

    private void Require(bool condition, string option, string problem)
    {
        if (!condition)
        {
            throw new OrleansConfigurationException($"{nameof(KafkaStreamOptions)}.{option} on stream provider '{name}' {problem}.");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]{1,249}$")]
    private static partial Regex TopicName();
}
