using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Cli.Commands;

/// <summary>
/// One pass over the planned dead-letter ranges: selects, writes back, and commits each partition's position
/// once everything before it was acknowledged (or deliberately skipped). A null producer is a dry run.
/// </summary>
internal sealed class ReplayRun(IConsumer<byte[]?, byte[]?> consumer, IProducer<byte[]?, byte[]?>? producer, ReplayOptions options, IReadOnlyList<ReplayRange> ranges)
{
    private readonly Dictionary<TopicPartition, ReplayRange> _open = ranges.Where(r => !r.IsEmpty).ToDictionary(r => r.Partition);
    private readonly Dictionary<TopicPartition, Offset> _handledUpTo = [];
    private readonly List<(DeadLetterRecord Letter, string Target, Task<DeliveryResult<byte[]?, byte[]?>> Ack)> _inFlight = [];

    // Chosen for replay, acknowledged or not yet: what --max counts.
    private int _selected;

    public ReplaySummary Summary { get; } = new();

    /// <summary>Writes that were not acknowledged, in this run.</summary>
    public int Failures { get; private set; }

    /// <summary>Reads until every range is done or <c>--max</c> messages were selected.</summary>
    public async Task ReadAsync(int batchSize, CancellationToken cancellationToken)
    {
        consumer.Assign(_open.Values.Select(r => new TopicPartitionOffset(r.Partition, r.Start)));
        while (_open.Count > 0 && (options.Max is not { } max || _selected < max))
        {
            var result = consumer.Consume(cancellationToken);
            if (!_open.TryGetValue(result.TopicPartition, out var range))
            {
                continue;
            }

            if (result.IsPartitionEOF || result.Offset >= range.End)
            {
                Close(range.Partition);
                continue;
            }

            await HandleAsync(new DeadLetterRecord(result));
            _handledUpTo[range.Partition] = result.Offset + 1;
            if (result.Offset + 1 >= range.End)
            {
                Close(range.Partition);
            }

            if (_inFlight.Count >= batchSize && !await CompleteBatchAsync())
            {
                return;
            }
        }
    }

    /// <summary>Waits for every write sent, then commits each partition's position; false when a write failed.</summary>
    public async Task<bool> CompleteBatchAsync()
    {
        try
        {
            await Task.WhenAll(_inFlight.Select(f => f.Ack));
        }
        catch (ProduceException<byte[]?, byte[]?>)
        {
            // Each failure is reported below; the acknowledged writes still count and get committed.
        }

        var failures = 0;
        foreach (var (letter, target, ack) in _inFlight)
        {
            if (ack.IsCompletedSuccessfully)
            {
                Summary.Add(target);
                var written = ack.Result.TopicPartitionOffset;
                await Console.Out.WriteLineAsync($"replayed {letter.Position} -> {written.Topic}/{written.Partition.Value}/{written.Offset.Value} key {KeyOf(letter)}");
                continue;
            }

            failures++;
            var reason = ack.Exception?.InnerException is ProduceException<byte[]?, byte[]?> produce ? produce.Error.Reason : ack.Exception?.Message;
            await Console.Error.WriteLineAsync($"replay: writing {letter.Position} to {target} failed: {reason}");

            // The group must not move past a message that was not written.
            var at = letter.TopicPartitionOffset;
            if (_handledUpTo.TryGetValue(at.TopicPartition, out var upTo) && at.Offset < upTo)
            {
                _handledUpTo[at.TopicPartition] = at.Offset;
            }
        }

        _inFlight.Clear();
        Commit();
        Failures += failures;
        return failures == 0;
    }

    private async Task HandleAsync(DeadLetterRecord letter)
    {
        if (options.ReasonContains is { } text && letter.Reason?.Contains(text, StringComparison.OrdinalIgnoreCase) != true)
        {
            Summary.Filtered++;
            return;
        }

        if (letter.TruncatedTo is { } kept)
        {
            // Its value is only a prefix of the event: written back, it would reach the views as a different event.
            Summary.Truncated.Add(letter.Position);
            await Console.Error.WriteLineAsync($"replay: {letter.Position} (key {KeyOf(letter)}) keeps only {kept} bytes of its value, cut to fit the dead-letter topic; skipped. Recover the event from its source topic ({letter.SourceTopic}/{letter.SourcePartition}/{letter.SourceOffset}) while retention keeps it.");
            return;
        }

        if ((options.To ?? letter.SourceTopic) is not { } target)
        {
            Summary.WithoutSource.Add(letter.Position);
            await Console.Error.WriteLineAsync($"replay: {letter.Position} (key {KeyOf(letter)}) names no source topic; skipped. Replay it with --to TOPIC.");
            return;
        }

        _selected++;
        if (producer is null)
        {
            Summary.Add(target);
            await Console.Out.WriteLineAsync($"would replay {letter.Position} -> {target} key {KeyOf(letter)}: {letter.Reason}");
            return;
        }

        // Not cancelled with the command: a write that was sent is waited for, so its position can be committed.
        _inFlight.Add((letter, target, producer.ProduceAsync(target, letter.ToReplay(), CancellationToken.None)));
    }

    private static string KeyOf(DeadLetterRecord letter) => letter.Key ?? "(null)";

    private void Close(TopicPartition partition)
    {
        _open.Remove(partition);
        consumer.Pause([partition]);
    }

    private void Commit()
    {
        // A run from an offset the operator chose is a repair of that range: the group's position, which marks
        // where the regular runs got to, stays where it is.
        if (producer is null || options.FromOffset is not null || _handledUpTo.Count == 0)
        {
            return;
        }

        consumer.Commit(_handledUpTo.Select(p => new TopicPartitionOffset(p.Key, p.Value)));
    }
}
