using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains.Tests;

/// <summary>
/// The outbox through a publisher seam: the embedded broker cannot refuse a write on demand, so a publisher that
/// refuses stands in for a broker that is down.
/// </summary>
public sealed class VerdictOutboxTests
{
    private static readonly OrderValidation[] Verdicts =
    [
        new("a", OrderValidationType.InventoryCheck, OrderValidationResult.Pass),
        new("b", OrderValidationType.InventoryCheck, OrderValidationResult.Fail, "1 ordered, 0 of JUMPERS available."),
    ];

    [Fact]
    public async Task Verdicts_that_could_not_be_published_stay_for_the_retry()
    {
        List<OrderValidation> outbox = [.. Verdicts];

        await Assert.ThrowsAsync<InvalidOperationException>(() => VerdictOutbox.PublishAsync(outbox, new Publisher(refuse: true)));

        Assert.Equal(Verdicts, outbox);
    }

    [Fact]
    public async Task Published_verdicts_leave_the_outbox_each_written_once_keyed_by_order()
    {
        List<OrderValidation> outbox = [.. Verdicts];
        var publisher = new Publisher(refuse: false);

        await VerdictOutbox.PublishAsync(outbox, publisher);

        Assert.Empty(outbox);
        Assert.Equal(Verdicts.Select(v => (Topics.OrderValidations, v.OrderId, (object)v)), publisher.Written);
    }

    private sealed class Publisher(bool refuse) : IKafkaPublisher
    {
        public List<(string Topic, string Key, object Value)> Written { get; } = [];

        public Task<KafkaPosition> PublishAsync<TEvent>(string topic, string key, TEvent value, CancellationToken cancellationToken = default)
        {
            if (refuse)
            {
                return Task.FromException<KafkaPosition>(new InvalidOperationException("the broker refused the write"));
            }

            Written.Add((topic, key, value!));
            return Task.FromResult(new KafkaPosition(topic, 0, Written.Count - 1));
        }

        public int PartitionFor(string topic, string key) => 0;
    }
}
