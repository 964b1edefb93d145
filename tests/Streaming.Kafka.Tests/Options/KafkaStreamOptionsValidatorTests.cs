using ActorViews.Streaming.Kafka.Tests.Delivery;

namespace ActorViews.Streaming.Kafka.Tests.Options;

public sealed class KafkaStreamOptionsValidatorTests
{
    [Fact]
    public void Valid_options_pass()
    {
        new KafkaStreamOptionsValidator(Valid(), "kafka").ValidateConfiguration();
    }

    [Theory]
    [InlineData("BootstrapServers")]
    [InlineData("Topics")]
    [InlineData("Topics[0].Partitions")]
    [InlineData("Topics[0].Name")]
    [InlineData("Topics[0].EventType")]
    [InlineData("Topics[1].Name")]
    [InlineData("MaxBatchSize")]
    [InlineData("MaxQueuedViewEvents")]
    [InlineData("CommitInterval")]
    [InlineData("MaxDeliveryAttempts")]
    [InlineData("ReclaimAfterFencedDelay")]
    [InlineData("OffsetRenewInterval")]
    public void A_bad_option_fails_naming_the_option_and_the_provider(string option)
    {
        var options = Valid();
        switch (option)
        {
            case "BootstrapServers": options.BootstrapServers = " "; break;
            case "Topics": options.Topics.Clear(); break;
            case "Topics[0].Partitions": options.Topics[0].Partitions = 0; break;
            case "Topics[0].Name": options.Topics[0].Name = "bad topic!"; break;
            case "Topics[0].EventType": options.Topics[0].EventType = null; break;
            case "Topics[1].Name": options.AddTopic<Thing>("things", 2); break;
            case "MaxBatchSize": options.MaxBatchSize = 0; break;
            case "MaxQueuedViewEvents": options.MaxQueuedViewEvents = options.MaxBatchSize - 1; break;
            case "CommitInterval": options.CommitInterval = TimeSpan.Zero; break;
            case "MaxDeliveryAttempts": options.MaxDeliveryAttempts = 0; break;
            case "ReclaimAfterFencedDelay": options.ReclaimAfterFencedDelay = TimeSpan.Zero; break;
            case "OffsetRenewInterval": options.OffsetRenewInterval = TimeSpan.FromDays(7); break;
        }

        var error = Assert.Throws<OrleansConfigurationException>(() => new KafkaStreamOptionsValidator(options, "kafka").ValidateConfiguration());

        Assert.Contains($"KafkaStreamOptions.{option} ", error.Message, StringComparison.Ordinal);
        Assert.Contains("'kafka'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_view_must_implement_the_view_contract_of_the_topic_event()
    {
        var options = Valid();
        options.Topics[0].Views.Add(typeof(IDisposable));

        var error = Assert.Throws<OrleansConfigurationException>(() => new KafkaStreamOptionsValidator(options, "kafka").ValidateConfiguration());

        Assert.Contains("IKafkaView<Thing>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_view_must_implement_the_view_contract_of_the_topic_event()
    {
        var options = Valid();
        options.Topics[0].WithPartitionView<IGrainWithStringKey>();

        var error = Assert.Throws<OrleansConfigurationException>(() => new KafkaStreamOptionsValidator(options, "kafka").ValidateConfiguration());

        Assert.Contains("Topics[0].PartitionViews", error.Message, StringComparison.Ordinal);
        Assert.Contains("IKafkaView<Thing>", error.Message, StringComparison.Ordinal);
    }

    private static KafkaStreamOptions Valid()
    {
        var options = new KafkaStreamOptions { BootstrapServers = "127.0.0.1:9092" };
        options.AddTopic<Thing>("things", 4);
        return options;
    }
}
