using ActorViews.Client.Cli;
using Confluent.Kafka;

namespace ActorViews.Client.Commands;

/// <summary>
/// The <c>--kafka key=value</c> and <c>--kafka-config FILE</c> options: librdkafka settings passed as they are
/// (SASL, SSL, ...), like the silo's <c>Kafka:Settings</c>. The file keeps secrets off the command line.
/// </summary>
internal sealed class KafkaSettingsOption
{
    public const string Usage = """
          --kafka KEY=VALUE           a librdkafka setting (security.protocol, sasl.*, ssl.*, ...); repeatable
          --kafka-config FILE         librdkafka settings, one KEY=VALUE a line ('#' starts a comment); keeps
                                      passwords off the command line
        """;

    private readonly Dictionary<string, string> _settings = new(StringComparer.Ordinal);

    /// <summary>Takes the current option when it is one of these; false otherwise.</summary>
    public bool TryRead(ArgumentReader reader)
    {
        switch (reader.Current)
        {
            case "--kafka":
                Add(reader.Current, reader.Value());
                return true;
            case "--kafka-config":
                ReadFile(reader.Current, reader.Value());
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Builds a client with the settings given on the command line under <paramref name="config"/>'s own
    /// (which the command relies on and so win); a setting librdkafka rejects is a usage error.
    /// </summary>
    public TClient Build<TConfig, TClient>(TConfig config, Func<TConfig, TClient> build)
        where TConfig : ClientConfig
    {
        foreach (var (key, value) in _settings)
        {
            if (config.Get(key) is null)
            {
                config.Set(key, value);
            }
        }

        try
        {
            return build(config);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KafkaException)
        {
            // librdkafka names the property it rejects, never its value.
            throw new UsageException($"Option '--kafka': {ex.Message}");
        }
    }

    private void Add(string option, string setting)
    {
        var equals = setting.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == setting.Length - 1)
        {
            // The value may be a password: name the key only.
            var key = equals > 0 ? setting[..equals] : setting;
            throw new UsageException($"Option '{option}' needs KEY=VALUE; '{key}' has no value.");
        }

        _settings[setting[..equals].Trim()] = setting[(equals + 1)..].Trim();
    }

    private void ReadFile(string option, string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"Option '{option}': cannot read '{path}': {ex.Message}");
        }

        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            Add($"{option} {path}", line);
        }
    }
}
