using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace ActorViews.Cli.CommandLine;

/// <summary>Numeric options checked while parsing, so a bad value is a usage error that names the option.</summary>
internal static class CheckedOptions
{
    /// <summary>A whole number of at least <paramref name="minimum"/>, <paramref name="defaultValue"/> when not given.</summary>
    public static Option<T> WholeNumber<T>(string name, string description, T minimum, T defaultValue)
        where T : struct, INumber<T> =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result => Parse(result, name, minimum) ?? defaultValue,
        };

    /// <summary>A whole number of at least <paramref name="minimum"/>, null when not given.</summary>
    public static Option<T?> OptionalWholeNumber<T>(string name, string description, T minimum)
        where T : struct, INumber<T> =>
        new(name)
        {
            Description = description,
            HelpName = "N",
            CustomParser = result => Parse(result, name, minimum),
        };

    /// <summary>A text option that may not be empty.</summary>
    public static Option<string> Text(string name, string helpName, string description, bool required = false)
    {
        var option = new Option<string>(name) { Description = description, HelpName = helpName, Required = required };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && string.IsNullOrWhiteSpace(result.Tokens[^1].Value))
            {
                result.AddError($"Option '{name}' needs a value.");
            }
        });
        return option;
    }

    private static T? Parse<T>(ArgumentResult result, string name, T minimum)
        where T : struct, INumber<T>
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens[^1].Value;
        if (T.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= minimum)
        {
            return value;
        }

        result.AddError($"Option '{name}' needs a whole number of at least {minimum}, not '{text}'.");
        return null;
    }
}
