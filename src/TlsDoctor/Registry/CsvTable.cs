using System.Reflection;
using System.Text;

namespace TlsDoctor.Registry;

/// <summary>
/// A table read from an RFC 4180 CSV file embedded under data/. Rows are addressed by
/// header name so that column order in the data file is free.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    public CsvTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        Header = header;
        Rows = rows;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(x => x.h, x => x.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<string[]> Rows { get; }

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    public string Get(string[] row, string column)
    {
        if (!_columns.TryGetValue(column, out var i))
            throw new InvalidDataException($"data file has no column '{column}'");
        return i < row.Length ? row[i] : "";
    }

    public static CsvTable LoadEmbedded(string resourceName)
    {
        using var stream = typeof(CsvTable).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidDataException($"embedded data file '{resourceName}' is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    public static CsvTable Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false, any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else inQuotes = false;
                }
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': inQuotes = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    if (any || field.Length > 0) { fields.Add(field.ToString()); records.Add(fields.ToArray()); }
                    fields.Clear(); field.Clear(); any = false;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (any || field.Length > 0) { fields.Add(field.ToString()); records.Add(fields.ToArray()); }
        if (records.Count == 0) throw new InvalidDataException("empty CSV data file");
        return new CsvTable(records[0], records.Skip(1).ToArray());
    }
}
