using System.Globalization;
using System.Text;
using ActorViews.Streaming.Kafka.Providers;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ErrorCode = Confluent.Kafka.ErrorCode;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Moves a message that cannot be applied to its topic's dead-letter topic, unchanged, with headers naming
/// why and where it came from, so it can be fixed and replayed. Nothing is dropped and nothing stalls: a write
/// that fails is retried until it succeeds or the partition is given up, and a message the broker refuses as
/// too large is written with as much of its value as fits, saying so in <see cref="DeadLetterHeaders.Truncated"/>.
/// </summary>
internal sealed partial class DeadLetterWriter : IDisposable
{
    // Room for the original headers and ours on top of a value of the largest size the provider refuses.
    private const int HeaderAllowance = 64 * 1024;

    private readonly IDeadLetterProducer _producer;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger _logger;
    private readonly IDisposable? _owned;

    public DeadLetterWriter(IDeadLetterProducer producer, TimeSpan retryDelay, ILogger? logger = null)
        : this(producer, retryDelay, logger, owned: null)
    {
    }

    public DeadLetterWriter(KafkaProducer producer, TimeSpan retryDelay)
        : this(new ProviderProducer(producer), retryDelay)
    {
    }

    private DeadLetterWriter(IDeadLetterProducer producer, TimeSpan retryDelay, ILogger? logger, IDisposable? owned)
    {
        _producer = producer;
        _retryDelay = retryDelay;
        _logger = logger ?? NullLogger.Instance;
        _owned = owned;
    }

    /// <summary>
    /// The provider's dead-letter writer, with a producer of its own that accepts messages of twice
    /// <see cref="KafkaStreamOptions.MaxMessageBytes"/>: the messages refused as larger than that must fit,
    /// where librdkafka's default <c>message.max.bytes</c> (1,000,000) would refuse them forever.
    /// </summary>
    public static DeadLetterWriter Create(KafkaStreamOptions options, string providerName, ILogger logger)
    {
        var producerOptions = new KafkaStreamOptions { BootstrapServers = options.BootstrapServers, Kafka = new(options.Kafka) };
        var configured = producerOptions.Kafka.TryGetValue("message.max.bytes", out var text) && int.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : 0;
        producerOptions.Kafka["message.max.bytes"] = Math.Max(configured, MessageMaxBytes(options)).ToString(CultureInfo.InvariantCulture);
        var producer = new KafkaProducer(producerOptions, providerName + "-dlq");
        return new DeadLetterWriter(new ProviderProducer(producer), options.RetryBackoff, logger, producer);
    }

    /// <summary>The largest dead letter the provider's dead-letter producer sends.</summary>
    public static int MessageMaxBytes(KafkaStreamOptions options) =>
        (int)Math.Clamp((2L * options.MaxMessageBytes) + HeaderAllowance, 1_000_000, 1_000_000_000);

    public async Task WriteAsync(KafkaTopic topic, ConsumeResult<byte[]?, byte[]?> raw, string reason, CancellationToken cancellationToken)
    {
        var value = raw.Message.Value;
        var headers = Headers(raw, reason, kept: null);
        HashSet<ErrorCode>? reported = null;
        Backoff? backoff = null;
        while (true)
        {
            try
            {
                // Keyed like the source, so a replay keeps each key's order whatever the dead-letter topic's size.
                await _producer.ProduceAsync(topic.DeadLetterTopic, raw.Message.Key, value, headers, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (ObjectDisposedException)
            {
                // The silo is shutting down: the message stays uncommitted and the next owner dead-letters it.
                throw new OperationCanceledException("The producer was disposed before the dead letter was written.");
            }
            catch (ProduceException<byte[]?, byte[]?> ex) when (!cancellationToken.IsCancellationRequested)
            {
                var refusedAsTooLarge = ex.Error.Code is ErrorCode.MsgSizeTooLarge or ErrorCode.RecordListTooLarge;
                if ((reported ??= []).Add(ex.Error.Code))
                {
                    if (refusedAsTooLarge)
                    {
                        LogRefusedAsTooLarge(raw.Topic, raw.Partition.Value, raw.Offset.Value, topic.DeadLetterTopic, value?.Length ?? 0, ex.Error.Reason);
                    }
                    else
                    {
                        LogWriteFailed(ex, raw.Topic, raw.Partition.Value, raw.Offset.Value, topic.DeadLetterTopic, ex.Error.Reason);
                    }
                }

                if (refusedAsTooLarge && value is { Length: > 0 })
                {
                    // The broker's limit is not known here: halve until it fits, the headers saying what was cut.
                    value = value[..(value.Length / 2)];
                    headers = Headers(raw, reason, kept: value.Length);
                    continue;
                }

                await (backoff ??= Backoff.ForDelivery(_retryDelay)).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public void Dispose() => _owned?.Dispose();

    private static Headers Headers(ConsumeResult<byte[]?, byte[]?> raw, string reason, int? kept)
    {
        var headers = new Headers();
        if (raw.Message.Headers is { } original)
        {
            foreach (var header in original)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(DeadLetterHeaders.Reason, Encoding.UTF8.GetBytes(reason));
        headers.Add(DeadLetterHeaders.SourceTopic, Encoding.UTF8.GetBytes(raw.Topic));
        headers.Add(DeadLetterHeaders.SourcePartition, Encoding.UTF8.GetBytes(raw.Partition.Value.ToString(CultureInfo.InvariantCulture)));
        headers.Add(DeadLetterHeaders.SourceOffset, Encoding.UTF8.GetBytes(raw.Offset.Value.ToString(CultureInfo.InvariantCulture)));
        if (kept is { } bytes)
        {
            headers.Add(DeadLetterHeaders.OriginalSize, Encoding.UTF8.GetBytes((raw.Message.Value?.Length ?? 0).ToString(CultureInfo.InvariantCulture)));
            headers.Add(DeadLetterHeaders.Truncated, Encoding.UTF8.GetBytes(bytes.ToString(CultureInfo.InvariantCulture)));
        }

        return headers;
    }

    [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Dead-lettering {Topic}-{Partition}@{Offset} to {DeadLetterTopic} failed: {Reason}; retrying (further failures like this one are not logged)")]
    private partial void LogWriteFailed(Exception exception, string topic, int partition, long offset, string deadLetterTopic, string reason);

    [LoggerMessage(EventId = 1121, Level = LogLevel.Warning, Message = "Dead-lettering {Topic}-{Partition}@{Offset} to {DeadLetterTopic} was refused as too large ({Size} bytes of value): {Reason}; writing it with as much of its value as fits")]
    private partial void LogRefusedAsTooLarge(string topic, int partition, long offset, string deadLetterTopic, int size, string reason);

    // The provider's producer carries dead letters unless a test hands in one of its own.
    private sealed class ProviderProducer(KafkaProducer producer) : IDeadLetterProducer
    {
        public Task ProduceAsync(string topic, byte[]? key, byte[]? value, Headers headers, CancellationToken cancellationToken) =>
            producer.ProduceAsync(topic, key, value, headers, cancellationToken);
    }
}
