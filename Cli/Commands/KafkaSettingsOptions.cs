using System.CommandLine;
using ActorViews.Cli.CommandLine;
using ActorViews.Streaming.Kafka;
using Confluent.Kafka;

namespace ActorViews.Cli.Commands;

/// <summary>
/// The <c>--kafka key=value</c> and <c>--kafka-config FILE</c> options: librdkafka settings passed as they are
/// (SASL, SSL, ...), like the silo's <c>Kafka:Settings</c>. The file keeps secrets off the command line; a
/// setting given with <c>--kafka</c> wins over the file's, and both over <see cref="KafkaClientConfig"/>'s defaults.
/// </summary>
internal sealed class KafkaSettingsOptions
{
    private readonly Option<string[]> _settings = new("--kafka")
    {
        Description = "a librdkafka setting (security.protocol, sasl.*, ssl.*, ...); repeatable",
        HelpName = "KEY=VALUE",
    };

    private readonly Option<string[]> _files = new("--kafka-config")
    {
        Description = "librdkafka settings, one KEY=VALUE a line ('#' starts a comment); keeps passwords off the command line",
        HelpName = "FILE",
    };

    public KafkaSettingsOptions()
    {
        _settings.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (Problem("--kafka", token.Value) is { } problem)
                {
                    result.AddError(problem);
                }
            }
        });
    }

    public void AddTo(Command command)
    {
        command.Options.Add(_settings);
        command.Options.Add(_files);
    }

    /// <summary>The settings given, those of the files first; a file that cannot be read is a usage error.</summary>
    public IReadOnlyDictionary<string, string> Read(ParseResult parse)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in parse.GetValue(_files) ?? [])
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"Option '--kafka-config': cannot read '{path}': {ex.Message}");
            }

            foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
            {
                Add(settings, $"--kafka-config {path}", line);
            }
        }

        foreach (var setting in parse.GetValue(_settings) ?? [])
        {
            Add(settings, "--kafka", setting);
        }

        return settings;
    }

    /// <summary>Builds a client configured with the settings read; a setting librdkafka rejects is a usage error.</summary>
    public static TClient Build<TClient>(Func<TClient> build)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KafkaException)
        {
            // librdkafka names the property it rejects, never its value.
            throw new UsageException($"Option '--kafka': {ex.Message}");
        }
    }

    private static void Add(Dictionary<string, string> settings, string option, string setting)
    {
        if (Problem(option, setting) is { } problem)
        {
            throw new UsageException(problem);
        }

        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        settings[setting[..equals].Trim()] = setting[(equals + 1)..].Trim();
    }

    private static string? Problem(string option, string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals > 0 && equals < setting.Length - 1)
        {
            return null;
        }

        // The value may be a password: name the key only.
        var key = equals > 0 ? setting[..equals] : setting;
        return $"Option '{option}' needs KEY=VALUE; '{key}' has no value.";
    }
}
