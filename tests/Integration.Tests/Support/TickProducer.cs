using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Support;

/// <summary>Writes numbered ticks of several keys to a topic, as the catch-up and rebuild tests' history.</summary>
internal static class TickProducer
{
    /// <summary>Writes every key's ticks <paramref name="firstSeq"/> to <paramref name="lastSeq"/>, round by round, or key by key; fails the test when the broker refused any.</summary>
    public static async Task ProduceAsync(string bootstrapServers, string topic, IReadOnlyList<string> keys, int firstSeq, int lastSeq, bool keyByKey, TimeSpan timeout)
    {
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 5 }).Build();
        var failures = 0;
        var seqs = Enumerable.Range(firstSeq, lastSeq - firstSeq + 1).ToList();
        var ticks = keyByKey ? keys.SelectMany(key => seqs.Select(seq => (key, seq))) : seqs.SelectMany(seq => keys.Select(key => (key, seq)));
        foreach (var (key, seq) in ticks)
        {
            producer.Produce(topic, new Message<string, string> { Key = key, Value = $$"""{"key":"{{key}}","seq":{{seq}}}""" }, report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failures);
                }
            });
        }

        await Task.Run(() => producer.Flush(timeout));
        Assert.Equal(0, failures);
    }
}
