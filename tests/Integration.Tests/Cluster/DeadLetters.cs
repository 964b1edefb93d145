using System.Text;
using Confluent.Kafka;

namespace ActorViews.Integration.Tests.Cluster;

/// <summary>Reads dead-lettered messages the way an operator would: a plain consumer on the dead-letter topic.</summary>
internal static class DeadLetters
{
    public sealed record Letter(string Key, string Value, IReadOnlyDictionary<string, string> Headers);

    /// <summary>The first dead letter of <paramref name="key"/> on <paramref name="topic"/>, waiting up to <paramref name="timeout"/>.</summary>
    public static Letter Read(string bootstrapServers, string topic, string key, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "dead-letter-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(500));
            if (result?.Message.Key == key)
            {
                var headers = result.Message.Headers.ToDictionary(h => h.Key, h => Encoding.UTF8.GetString(h.GetValueBytes()));
                return new Letter(result.Message.Key, result.Message.Value, headers);
            }
        }

        throw new TimeoutException($"Expected within {timeout.TotalSeconds:0}s: a dead letter of key {key} on {topic}.");
    }
}
