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

    public static CsvTable LoadEmbedded(string resourceName) => Parse(EmbeddedData.Text(resourceName));

    public static CsvTable Parse(string text)
    {
        // Unquoted fields (nearly all) are cut out of the text as they are; only a quoted field is rebuilt. The cipher
        // suite table is read on the way to most answers, so this runs at the start of most commands.
        var records = new List<string[]>();
        var fields = new List<string>();
        StringBuilder? quoted = null;
        int i = 0, n = text.Length;
        bool lineHasContent = false;
        while (i < n)
        {
            char c = text[i];
            if (c == '\r') { i++; continue; }
            if (c == '\n')
            {
                EndRecord();
                i++;
                continue;
            }
            string field;
            if (c == '"')
            {
                quoted ??= new StringBuilder();
                quoted.Clear();
                i++;
                while (i < n)
                {
                    var q = text.IndexOf('"', i);
                    if (q < 0) { quoted.Append(text, i, n - i); i = n; break; }
                    quoted.Append(text, i, q - i);
                    if (q + 1 < n && text[q + 1] == '"') { quoted.Append('"'); i = q + 2; }
                    else { i = q + 1; break; }
                }
                // Text after the closing quote up to the separator belongs to the field, as a lenient reader keeps it.
                int rest = i;
                while (rest < n && text[rest] is not (',' or '\n' or '\r')) rest++;
                quoted.Append(text, i, rest - i);
                i = rest;
                field = quoted.ToString();
            }
            else
            {
                int stop = i;
                while (stop < n && text[stop] is not (',' or '\n' or '\r')) stop++;
                field = stop == i ? "" : text.Substring(i, stop - i);
                i = stop;
            }
            fields.Add(field);
            lineHasContent = true;
            if (i < n && text[i] == ',')
            {
                i++;
                // A separator at the end of a line ends an empty last field.
                if (i >= n || text[i] is '\n' or '\r') fields.Add("");
            }
        }
        EndRecord();
        if (records.Count == 0) throw new InvalidDataException("empty CSV data file");
        return new CsvTable(records[0], records.Skip(1).ToArray());

        void EndRecord()
        {
            if (lineHasContent) records.Add(fields.ToArray());
            fields.Clear();
            lineHasContent = false;
        }
    }
}
