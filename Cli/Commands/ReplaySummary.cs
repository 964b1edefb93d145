using System.Text;

namespace ActorViews.Cli.Commands;

/// <summary>What one run of <c>actorviews replay</c> did, counted per target topic.</summary>
internal sealed class ReplaySummary
{
    private readonly SortedDictionary<string, int> _perTopic = new(StringComparer.Ordinal);

    /// <summary>Messages written back (or, in a dry run, that would be).</summary>
    public int Replayed { get; private set; }

    /// <summary>Messages whose reason did not contain the filter's text.</summary>
    public int Filtered { get; set; }

    /// <summary>Dead letters that named no source topic while no <c>--to</c> was given.</summary>
    public List<string> WithoutSource { get; } = [];

    /// <summary>Dead letters whose value the broker made the provider cut to fit: read them, never replay them.</summary>
    public List<string> Truncated { get; } = [];

    public void Add(string topic)
    {
        Replayed++;
        _perTopic[topic] = _perTopic.GetValueOrDefault(topic) + 1;
    }

    public string Describe(ReplayOptions options)
    {
        var text = new StringBuilder()
            .Append(options.DryRun ? "dry run of " : "replay of ")
            .Append(options.Topic)
            .Append(options.DryRun ? ": would replay " : options.FromOffset is { } from ? $" from offset {from} (group position left as it was): replayed " : $" (group {options.Group}): replayed ")
            .Append(Replayed)
            .Append(", skipped ").Append(Filtered).Append(" by filter")
            .Append(", skipped ").Append(WithoutSource.Count).Append(" without a source topic")
            .Append(Truncated.Count > 0 ? $", skipped {Truncated.Count} cut to fit the dead-letter topic" : string.Empty)
            .AppendLine(options.DryRun ? "; nothing written or committed" : string.Empty);
        foreach (var (topic, count) in _perTopic)
        {
            text.Append("  ").Append(topic).Append(": ").Append(count).AppendLine();
        }

        return text.ToString();
    }
}
