using System.Threading.Channels;
using ActorViews.Streaming.Kafka.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Reads one partition on a thread of its own (librdkafka's calls block) into a bounded channel of batches:
/// when delivery falls behind by <see cref="BatchesReadAhead"/> batches, the reader waits. Also keeps the
/// partition's high watermark, refreshed from the consumer's fetch state, so a metrics scrape never touches it.
/// </summary>
internal sealed class PartitionReader : IDisposable
{
    private const int BatchesReadAhead = 2;

    private readonly string _topic;
    private readonly int _partition;
    private readonly IPartitionConsumer _consumer;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _pollTimeout;
    private readonly TimeSpan _retryDelay;
    private readonly ILogger _logger;
    private readonly PartitionHealth? _health;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<List<ConsumeResult<byte[]?, byte[]?>>> _batches =
        Channel.CreateBounded<List<ConsumeResult<byte[]?, byte[]?>>>(new BoundedChannelOptions(BatchesReadAhead) { SingleReader = true, SingleWriter = true });

    private Thread? _thread;
    private long _highWatermark = -1;

    public PartitionReader(string topic, int partition, IPartitionConsumer consumer, KafkaStreamOptions options, ILogger logger, PartitionHealth? health = null)
    {
        _health = health;
        _topic = topic;
        _partition = partition;
        _consumer = consumer;
        _maxBatchSize = options.MaxBatchSize;
        _pollTimeout = options.PollTimeout;
        _retryDelay = options.RetryBackoff;
        _logger = logger;
    }

    /// <summary>The batches read, in offset order; completed when the reader stops.</summary>
    public ChannelReader<List<ConsumeResult<byte[]?, byte[]?>>> Batches => _batches.Reader;

    /// <summary>The partition's high watermark as last refreshed, or -1 before the first fetch.</summary>
    public long HighWatermark => Interlocked.Read(ref _highWatermark);

    public void Start()
    {
        _thread = new Thread(ReadLoop) { IsBackground = true, Name = $"kafka-{_topic}-{_partition}" };
        _thread.Start();
    }

    /// <summary>Takes the high watermark of the consumer's last fetch, when it has one.</summary>
    public void RefreshHighWatermark()
    {
        if (_consumer.CachedHighWatermark() is { } high)
        {
            Interlocked.Exchange(ref _highWatermark, high);
        }
    }

    /// <summary>Asks the thread to stop; <see cref="Join"/> waits for it.</summary>
    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Stopped and disposed already.
        }
    }

    /// <summary>Whether the thread has ended within <paramref name="timeout"/>, so the consumer may be closed.</summary>
    public bool Join(TimeSpan timeout) => _thread?.Join(timeout) ?? true;

    public void Dispose() => _stop.Dispose();

    private void ReadLoop()
    {
        var token = _stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                try
                {
                    var batch = ReadBatch(token, out var failed);
                    if (!failed)
                    {
                        _health?.Leave(PartitionCondition.ReadFailing);
                    }

                    RefreshHighWatermark();
                    if (batch.Count > 0)
                    {
                        _batches.Writer.WriteAsync(batch, token).AsTask().GetAwaiter().GetResult();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not ObjectDisposedException)
                {
                    // An exception escaping this thread would end the process; the partition retries instead.
                    ReadFailed(ex, ex.Message, token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Stopping, or the consumer is gone: the partition's next owner takes over.
        }
        finally
        {
            _batches.Writer.TryComplete();
        }
    }

    private List<ConsumeResult<byte[]?, byte[]?>> ReadBatch(CancellationToken token, out bool failed)
    {
        failed = false;
        var batch = new List<ConsumeResult<byte[]?, byte[]?>>();
        try
        {
            var first = _consumer.Consume(_pollTimeout);
            if (first is null)
            {
                return batch;
            }

            batch.Add(first);
            while (batch.Count < _maxBatchSize && !token.IsCancellationRequested)
            {
                var next = _consumer.Consume(TimeSpan.Zero);
                if (next is null)
                {
                    break;
                }

                batch.Add(next);
            }
        }
        catch (ConsumeException ex)
        {
            failed = true;
            ReadFailed(ex, ex.Error.Reason, token);
        }

        return batch;
    }

    private void ReadFailed(Exception exception, string reason, CancellationToken token)
    {
        DeliveryLog.ReadFailed(_logger, exception, _topic, _partition, reason);
        _health?.Enter(PartitionCondition.ReadFailing, $"reading fails: {reason}");
        token.WaitHandle.WaitOne(_retryDelay);
    }
}
