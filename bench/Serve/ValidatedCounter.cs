using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using ActorViews.Grains;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Serve;

/// <summary>
/// Counts the run's orders that reached VALIDATED (or FAILED) by reading <c>orders</c> with a consumer of its
/// own, assigned every partition from where the log ended before the run and committing nothing. It asks the
/// silo nothing, so the measurement does not load the silo; its cost is one small JSON read per order event in
/// the bench process.
/// </summary>
internal sealed class ValidatedCounter : IDisposable
{
    private readonly IConsumer<string, byte[]> _consumer;
    private readonly string _prefix;
    private readonly int _expected;
    private readonly HashSet<string> _validated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failed = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _reader;
    private long _allValidatedAt;

    /// <param name="bootstrapServers">The broker.</param>
    /// <param name="prefix">Only orders whose ID starts with this count.</param>
    /// <param name="expected">How many orders the run places.</param>
    public ValidatedCounter(string bootstrapServers, string prefix, int expected)
    {
        _prefix = prefix;
        _expected = expected;
        _consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "bench-validated-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            EnablePartitionEof = false,
            IsolationLevel = IsolationLevel.ReadCommitted,

            // The same fetch wait the benches give the silo (OrderLog.SiloSettings), so the count is not late by a
            // fetch the broker holds back.
            FetchWaitMaxMs = 10,
        }).Build();

        // Start where the log ends now: every later VALIDATED is one of this run's.
        _consumer.Assign(Enumerable.Range(0, OrderLog.Partitions).Select(p =>
            new TopicPartitionOffset(Topics.Orders, p, _consumer.QueryWatermarkOffsets(new TopicPartition(Topics.Orders, p), TimeSpan.FromSeconds(30)).High)));
        _reader = new Thread(Read) { IsBackground = true, Name = "validated-counter" };
        _reader.Start();
    }

    public int Validated
    {
        get
        {
            lock (_validated)
            {
                return _validated.Count;
            }
        }
    }

    public int Failed
    {
        get
        {
            lock (_validated)
            {
                return _failed.Count;
            }
        }
    }

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the last expected order was seen VALIDATED, or null.</summary>
    public long? AllValidatedAt => Interlocked.Read(ref _allValidatedAt) is var at and > 0 ? at : null;

    public void Dispose()
    {
        _stop.Cancel();
        _reader.Join();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }

    private void Read()
    {
        while (!_stop.IsCancellationRequested)
        {
            var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result?.Message.Key is not { } id || !id.StartsWith(_prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var state = JsonSerializer.Deserialize<OrderStateOnly>(result.Message.Value, JsonEventSerializer.Options)?.State;
            lock (_validated)
            {
                // Distinct IDs: a redelivered VALIDATED (the log allows duplicates) is one order, not two.
                if (state == OrderState.Validated && _validated.Add(id) && _validated.Count == _expected)
                {
                    Interlocked.Exchange(ref _allValidatedAt, Stopwatch.GetTimestamp());
                }
                else if (state == OrderState.Failed)
                {
                    _failed.Add(id);
                }
            }
        }
    }

    /// <summary>The one field the counter reads of an order event.</summary>
    private sealed record OrderStateOnly([property: JsonPropertyName("state")] OrderState State);
}
