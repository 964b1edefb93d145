using ActorViews.Silo.Operations;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;
using Microsoft.Extensions.Options;

namespace ActorViews.Silo.Hosting;

/// <summary>
/// Compares each topic the silo reads with the broker before the silo starts. The provider reads exactly the
/// configured partitions: a topic with more on the broker would be partly unread without a word, one with fewer
/// would leave readers waiting on partitions that do not exist, and a missing one would be read by nobody. Each
/// of these stops start-up with a line naming the topic and both counts, since no reading can be right.
/// </summary>
internal static class TopicPartitionCheck
{
    /// <summary>How long the broker has to answer the metadata request.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Checks every configured topic and its dead-letter topic; a no-op for the embedded broker, which the silo creates itself.</summary>
    public static WebApplication CheckTopicPartitions(this WebApplication app, KafkaConnection kafka)
    {
        if (kafka.IsEmbedded)
        {
            return app;
        }

        var options = app.Services.GetRequiredService<IOptionsMonitor<KafkaStreamOptions>>().Get(SiloNames.KafkaProvider);
        var problems = Compare(options.Topics, ReadPartitionCounts(options));
        return problems.Count == 0
            ? app
            : throw new InvalidOperationException(
                $"The topics on the broker at {options.BootstrapServers} do not match the configuration: {string.Join("; ", problems)}.");
    }

    /// <summary>What differs between the configured <paramref name="topics"/> and the broker's partition counts, one sentence each.</summary>
    public static IReadOnlyList<string> Compare(IEnumerable<KafkaTopicOptions> topics, IReadOnlyDictionary<string, int> onBroker)
    {
        var problems = new List<string>();
        foreach (var topic in topics)
        {
            var key = $"Kafka:Topics:{topic.Name}:Partitions";
            if (!onBroker.TryGetValue(topic.Name, out var actual))
            {
                problems.Add($"topic '{topic.Name}' does not exist; create it with {topic.Partitions} partitions ({key})");
            }
            else if (actual > topic.Partitions)
            {
                problems.Add($"topic '{topic.Name}' has {actual} partitions but {key} is {topic.Partitions}, so partitions {topic.Partitions}-{actual - 1} would never be read; set {key}={actual} on every silo and gateway");
            }
            else if (actual < topic.Partitions)
            {
                problems.Add($"topic '{topic.Name}' has {actual} partitions but {key} is {topic.Partitions}; set {key}={actual} or add partitions to the topic");
            }

            if (!onBroker.ContainsKey(topic.EffectiveDeadLetterTopic))
            {
                problems.Add($"dead-letter topic '{topic.EffectiveDeadLetterTopic}' does not exist; create it with {topic.Partitions} partitions");
            }
        }

        return problems;
    }

    private static Dictionary<string, int> ReadPartitionCounts(KafkaStreamOptions options)
    {
        IAdminClient admin;
        try
        {
            admin = KafkaAdmin.Build(options, "actorviews-topic-check");
        }
        catch (Exception refused) when (refused is InvalidOperationException or ArgumentException or KafkaException)
        {
            throw new InvalidOperationException($"Configuration 'Kafka:Settings' is refused by the Kafka client: {refused.Message}", refused);
        }

        using (admin)
        {
            try
            {
                return admin.GetMetadata(Timeout).Topics
                    .Where(t => t.Error.Code == Confluent.Kafka.ErrorCode.NoError)
                    .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
            }
            catch (KafkaException unreachable)
            {
                throw new InvalidOperationException(
                    $"No broker of Kafka:BootstrapServers ({options.BootstrapServers}) answered within {Timeout.TotalSeconds:0}s, so the topics' partition counts " +
                    $"could not be checked: {unreachable.Error.Reason}", unreachable);
            }
        }
    }
}
