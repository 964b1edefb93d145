using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorViews.Streaming.Kafka.Tests.Options;

public sealed class KafkaStreamOptionsLoggingTests
{
    [Fact]
    public void Options_as_Orleans_logs_them_at_start_up_never_show_librdkafka_settings()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client.AddKafkaStreams("kafka", options =>
        {
            options.BootstrapServers = "broker-1:9092";
            options.Kafka["sasl.password"] = "hunter2-secret";
            options.AddTopic<string>("things", 1);
        }));
        using var host = builder.Build();

        var logged = host.Services.GetServices<IOptionFormatter>().SelectMany(f => f.Format()).ToList();

        Assert.Contains(logged, line => line.Contains("broker-1:9092", StringComparison.Ordinal));
        Assert.DoesNotContain(logged, line => line.Contains("hunter2-secret", StringComparison.Ordinal));
    }
}
