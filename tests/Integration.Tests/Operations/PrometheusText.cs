using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ActorViews.Integration.Tests.Operations;

/// <summary>One sample of a scrape: metric name, labels and value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): it fails on any line a Prometheus server
/// would reject or that is ambiguous (bad names, bad label syntax, repeated HELP or TYPE, a sample outside its
/// family, a series twice).
/// </summary>
internal static partial class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var helps = new HashSet<string>(StringComparer.Ordinal);
        var series = new HashSet<string>(StringComparer.Ordinal);
        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var where = $"line {lineNumber} '{line}'";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal) || line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ', 4);
                Assert.True(parts.Length >= 3 && MetricName().IsMatch(parts[2]), $"A HELP/TYPE line names a valid metric: {where}");
                var name = parts[2];
                if (parts[1] == "TYPE")
                {
                    Assert.True(parts.Length == 4 && Types.Contains(parts[3]), $"TYPE gives a known type: {where}");
                    Assert.True(types.TryAdd(name, parts[3]), $"TYPE of {name} appears once: {where}");
                }
                else
                {
                    Assert.True(helps.Add(name), $"HELP of {name} appears once: {where}");
                }

                continue;
            }

            Assert.False(line.StartsWith('#') && !line.StartsWith("# ", StringComparison.Ordinal), $"A comment starts with '# ': {where}");
            if (line.StartsWith('#'))
            {
                continue;
            }

            var sample = ParseSample(line, where);
            var family = FamilyOf(sample.Name, types);
            Assert.True(family is not null, $"The sample belongs to a family declared by TYPE before it: {where}");
            if (types[family!] == "histogram" && sample.Name.EndsWith("_bucket", StringComparison.Ordinal))
            {
                Assert.True(sample.Labels.ContainsKey("le"), $"A histogram bucket has an 'le' label: {where}");
            }

            var identity = sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) + "}";
            Assert.True(series.Add(identity), $"Each series appears once: {where}");
            samples.Add(sample);
        }

        return samples;
    }

    private static string? FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal)
                && types.TryGetValue(sampleName[..^suffix.Length], out var type)
                && (type == "histogram" || (type == "summary" && suffix != "_bucket")))
            {
                return sampleName[..^suffix.Length];
            }
        }

        return null;
    }

    private static PrometheusSample ParseSample(string line, string where)
    {
        var nameEnd = line.IndexOfAny(['{', ' ']);
        Assert.True(nameEnd > 0, $"A sample has a name and a value: {where}");
        var name = line[..nameEnd];
        Assert.True(MetricName().IsMatch(name), $"The metric name is valid: {where}");

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = nameEnd;
        if (line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                Assert.True(equals > position, $"A label has a name: {where}");
                var label = line[position..equals];
                Assert.True(LabelName().IsMatch(label), $"The label name '{label}' is valid: {where}");
                Assert.True(equals + 1 < line.Length && line[equals + 1] == '"', $"The value of label '{label}' is quoted: {where}");
                var value = new StringBuilder();
                position = equals + 2;
                while (true)
                {
                    Assert.True(position < line.Length, $"The value of label '{label}' is closed: {where}");
                    var c = line[position++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        var escaped = line[position++];
                        Assert.True(escaped is '\\' or '"' or 'n', $"Label '{label}' uses only \\\\, \\\" and \\n escapes: {where}");
                        value.Append(escaped == 'n' ? '\n' : escaped);
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                Assert.True(labels.TryAdd(label, value.ToString()), $"Label '{label}' appears once: {where}");
                Assert.True(position < line.Length && line[position] is ',' or '}', $"Labels are separated by commas: {where}");
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        var rest = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(line[position] == ' ' && rest.Length is 1 or 2, $"A value (and optional timestamp) follows the name and labels: {where}");
        Assert.True(TryParseValue(rest[0], out var number), $"The value is a number: {where}");
        if (rest.Length == 2)
        {
            Assert.True(long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _), $"The timestamp is an integer: {where}");
        }

        return new PrometheusSample(name, labels, number);
    }

    private static bool TryParseValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
