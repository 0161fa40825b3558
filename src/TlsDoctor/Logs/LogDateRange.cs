namespace TlsDoctor.Logs;

/// <summary>
/// --since/--until as dates of the S3 key layout's date folders (…/{yyyy}/{mm}/{dd}/, the delivery date, log-formats.md
/// 0.1). Both ends inclusive; a file outside any date folder is always read.
/// </summary>
public sealed record LogDateRange(DateOnly? Since, DateOnly? Until)
{
    public static LogDateRange All { get; } = new(null, null);

    public bool IsAll => Since is null && Until is null;

    public bool Includes(DateOnly day) => (Since is not { } s || day >= s) && (Until is not { } u || day <= u);

    /// <summary>True unless the path holds a yyyy/mm/dd folder triple outside the range.</summary>
    public bool IncludesPath(string path)
    {
        if (IsAll) return true;
        return DateFolder(path) is not { } day || Includes(day);
    }

    /// <summary>The last yyyy/mm/dd folder triple of a path or key, if any.</summary>
    public static DateOnly? DateFolder(string path)
    {
        var parts = path.Replace('\\', '/').Split('/');
        for (var i = parts.Length - 2; i >= 2; i--)
            if (parts[i - 2].Length == 4 && parts[i - 1].Length == 2 && parts[i].Length == 2
                && int.TryParse(parts[i - 2], out var y) && int.TryParse(parts[i - 1], out var m) && int.TryParse(parts[i], out var d)
                && y is >= 2000 and <= 9999 && m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m))
                return new DateOnly(y, m, d);
        return null;
    }

    /// <summary>Every day of a bounded range, for listing S3 date prefixes instead of the whole bucket; null when open-ended.</summary>
    public IReadOnlyList<DateOnly>? Days(int max = 366)
    {
        if (Since is not { } s || Until is not { } u || u < s || u.DayNumber - s.DayNumber >= max) return null;
        return Enumerable.Range(0, u.DayNumber - s.DayNumber + 1).Select(s.AddDays).ToList();
    }
}
