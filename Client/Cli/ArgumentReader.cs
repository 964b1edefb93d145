using System.Globalization;

namespace ActorViews.Client.Cli;

/// <summary>Walks a command's arguments; options take their value as the next argument or after '='.</summary>
internal sealed class ArgumentReader(IReadOnlyList<string> args)
{
    private int _next;
    private string? _inlineValue;

    /// <summary>The option being read, for error messages.</summary>
    public string Current { get; private set; } = string.Empty;

    /// <summary>Moves to the next option; false at the end.</summary>
    public bool MoveNext()
    {
        if (_inlineValue is not null)
        {
            throw new UsageException($"Option '{Current}' does not take a value.");
        }

        if (_next >= args.Count)
        {
            return false;
        }

        var arg = args[_next++];
        var equals = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
        if (equals > 0)
        {
            Current = arg[..equals];
            _inlineValue = arg[(equals + 1)..];
        }
        else
        {
            Current = arg;
        }

        return true;
    }

    /// <summary>The current option's value.</summary>
    public string Value()
    {
        if (_inlineValue is { } inline)
        {
            _inlineValue = null;
            return inline.Length > 0 ? inline : throw new UsageException($"Option '{Current}' needs a value.");
        }

        if (_next >= args.Count || args[_next].StartsWith("--", StringComparison.Ordinal))
        {
            throw new UsageException($"Option '{Current}' needs a value.");
        }

        return args[_next++];
    }

    /// <summary>The current option's value as an integer of at least <paramref name="minimum"/>.</summary>
    public int IntValue(int minimum)
    {
        var text = Value();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new UsageException($"Option '{Current}' needs a whole number of at least {minimum}, not '{text}'.");
        }

        return value;
    }
}
