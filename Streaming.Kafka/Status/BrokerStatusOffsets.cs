using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;

namespace ActorViews.Streaming.Kafka.Status;

/// <summary>Reads the status offsets with a consumer of the main group that never reads or commits, and the views' own groups.</summary>
internal sealed class BrokerStatusOffsets(KafkaStreamOptions options, string providerName, KafkaViewPositions? viewPositions)
    : IStatusOffsetsReader, IDisposable
{
    private const int WatermarkQueriesAtOnce = 8;
    private readonly SharedConsumer _consumer = new(KafkaClientConfig.ForConsumer(options, $"actorviews-{providerName}-status"));

    public IReadOnlyList<PartitionOffsets> ReadPartitions(IReadOnlyList<TopicPartition> partitions, TimeSpan timeout) => _consumer.Use(consumer =>
    {
        var committed = consumer.Committed(partitions, timeout).ToDictionary(c => c.TopicPartition, c => c.Offset);

        // One watermark request per partition, a few at a time (librdkafka's query is thread-safe): the status of
        // 40 partitions costs a few round trips, not 40 in a row. Each side's first failure ends it, so a broker
        // that stopped answering costs one timeout, not one per partition.
        var marks = new WatermarkOffsets[partitions.Count];
        BrokerCalls.ForEach(partitions.Count, WatermarkQueriesAtOnce, i => marks[i] = consumer.QueryWatermarkOffsets(partitions[i], timeout));

        return (IReadOnlyList<PartitionOffsets>)[.. partitions.Select((tp, i) => new PartitionOffsets(
            tp.Topic,
            tp.Partition.Value,
            committed.TryGetValue(tp, out var c) && !c.IsSpecial ? c.Value : null,
            marks[i].Low.Value,
            marks[i].High.Value))];
    });

    public IReadOnlyDictionary<string, long> ReadViewPositions(TopicPartition partition, IReadOnlyList<string> views, TimeSpan timeout) =>
        viewPositions?.Read(partition, views, timeout) ?? new Dictionary<string, long>();

    public void Dispose() => _consumer.Dispose();
}
