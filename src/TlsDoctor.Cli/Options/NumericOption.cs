using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace TlsDoctor.Cli.Options;

/// <summary>
/// Every numeric option of every command, checked while the command line is parsed: a value that is not a finite
/// number in the option's range is a usage error (exit 2) naming the range, so no NaN, infinity or 1e10 seconds ever
/// reaches a TimeSpan, a timer or a deadline. Timers hold at most about 49 days (2^32 - 2 ms); no range comes near it.
/// </summary>
public static class NumericOption
{
    /// <summary>The longest --duration: 30 days.</summary>
    public const double MaxDurationSeconds = 30 * 86400;

    /// <summary>Seconds, greater than <paramref name="above"/> (or equal to it when <paramref name="inclusive"/>) and at most <paramref name="max"/>.</summary>
    public static Option<double> Seconds(string name, string description, double defaultValue, double max, double above = 0, bool inclusive = false) =>
        new(name)
        {
            Description = $"{description} (default {Format(defaultValue)}; {Range(above, inclusive, max)})",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseSeconds(r, above, inclusive, max) ?? defaultValue,
        };

    /// <summary>Optional seconds: null when absent.</summary>
    public static Option<double?> OptionalSeconds(string name, string description, double max, double above = 0) =>
        new(name)
        {
            Description = $"{description} ({Range(above, false, max)})",
            CustomParser = r => ParseSeconds(r, above, false, max),
        };

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int> Integer(string name, string description, int defaultValue, int min, int max, params string[] aliases)
    {
        var option = new Option<int>(name, aliases)
        {
            Description = $"{description} (default {defaultValue}; {min} to {max})",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = r => ParseInteger(r, min, max) ?? defaultValue,
        };
        return option;
    }

    /// <summary>An optional whole number from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public static Option<int?> OptionalInteger(string name, string description, int min, int max, params string[] aliases) =>
        new(name, aliases)
        {
            Description = $"{description} ({min} to {max})",
            CustomParser = r => ParseInteger(r, min, max),
        };

    private static double? ParseSeconds(ArgumentResult result, double above, bool inclusive, double max)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && (inclusive ? value >= above : value > above) && value <= max)
            return value;
        result.AddError($"{OptionName(result)} must be a number of seconds, {Range(above, inclusive, max)} (got '{Shorten(text)}')");
        return null;
    }

    private static int? ParseInteger(ArgumentResult result, int min, int max)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            return value;
        result.AddError($"{OptionName(result)} must be a whole number from {min} to {max} (got '{Shorten(text)}')");
        return null;
    }

    private static string OptionName(ArgumentResult result) => (result.Parent as OptionResult)?.Option.Name ?? "the value";

    private static string Range(double above, bool inclusive, double max) =>
        inclusive ? $"from {Format(above)} to {Format(max)}" : $"more than {Format(above)} and at most {Format(max)}";

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A user's text quoted in a message: at most 40 characters, and how long it was when cut.</summary>
    internal static string Shorten(string text) => text.Length <= 40 ? text : $"{text[..40]}… ({text.Length} characters)";
}
