using System.Buffers;
using System.Text;

namespace TlsDoctor.Registry;

/// <summary>
/// A table read from an RFC 4180 CSV file embedded under data/. Rows are addressed by header name so that column order in
/// the data file is free. The table keeps the file's UTF-8 bytes and where each field lies in them; a field becomes a string
/// only when it is read. Most commands start by reading the cipher-suite table (32 columns, of which a loader reads a
/// dozen), and every megabyte a run allocates costs its start-up a few milliseconds in fresh pages.
/// </summary>
public sealed class CsvTable
{
    private static readonly SearchValues<byte> FieldEnds = SearchValues.Create(",\n\r"u8);

    private readonly byte[] _data;
    private readonly int[] _starts;        // per field: its offset in _data, or ~i for the i-th entry of _quoted
    private readonly int[] _lengths;       // per field: its length in bytes (unused for a quoted field)
    private readonly int[] _rowStarts;     // per row (the header is row 0), its first field; one more entry at the end
    private readonly List<string> _quoted; // quoted fields, unescaped
    private readonly Dictionary<string, int> _columns;

    private CsvTable(byte[] data, int[] starts, int[] lengths, int[] rowStarts, List<string> quoted)
    {
        _data = data;
        _starts = starts;
        _lengths = lengths;
        _rowStarts = rowStarts;
        _quoted = quoted;
        var header = Fields(new CsvRow(0));
        Header = header;
        _columns = new Dictionary<string, int>(header.Length, StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++) _columns.TryAdd(header[i], i);
        var rows = new CsvRow[rowStarts.Length - 2];
        for (var i = 0; i < rows.Length; i++) rows[i] = new CsvRow(i + 1);
        Rows = rows;
    }

    public IReadOnlyList<string> Header { get; }
    public IReadOnlyList<CsvRow> Rows { get; }

    public bool HasColumn(string name) => _columns.ContainsKey(name);

    /// <summary>The row's field in <paramref name="column"/>; "" when the row ends before it.</summary>
    public string Get(CsvRow row, string column)
    {
        if (!_columns.TryGetValue(column, out var i))
            throw new InvalidDataException($"data file has no column '{column}'");
        var field = _rowStarts[row.Index] + i;
        return field < _rowStarts[row.Index + 1] ? Field(field) : "";
    }

    /// <summary>Every field of the row, in file order.</summary>
    public string[] Fields(CsvRow row)
    {
        var first = _rowStarts[row.Index];
        var fields = new string[_rowStarts[row.Index + 1] - first];
        for (var i = 0; i < fields.Length; i++) fields[i] = Field(first + i);
        return fields;
    }

    private string Field(int field)
    {
        var start = _starts[field];
        if (start < 0) return _quoted[~start];
        return _lengths[field] == 0 ? "" : Encoding.UTF8.GetString(_data, start, _lengths[field]);
    }

    public static CsvTable LoadEmbedded(string resourceName) => Parse(EmbeddedData.Bytes(resourceName));

    public static CsvTable Parse(string text) => Parse(Encoding.UTF8.GetBytes(text));

    /// <summary>Reads UTF-8 CSV (a byte-order mark is skipped). The table keeps <paramref name="data"/>: do not change it.</summary>
    public static CsvTable Parse(byte[] data)
    {
        var text = data.AsSpan();
        // A field ends at a separator, a line end or the end of the text: sized once, the lists never grow.
        var most = text.Count((byte)',') + text.Count((byte)'\n') + 1;
        var starts = new List<int>(most);
        var lengths = new List<int>(most);
        var rowStarts = new List<int>(text.Count((byte)'\n') + 3) { 0 };
        var quoted = new List<string>();
        int i = text.StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0, n = text.Length;
        var lineHasContent = false;
        while (i < n)
        {
            var c = text[i];
            if (c == '\r') { i++; continue; }
            if (c == '\n')
            {
                EndRecord();
                i++;
                continue;
            }
            if (c == '"')
            {
                var value = new StringBuilder();
                i++;
                while (i < n)
                {
                    var q = text[i..].IndexOf((byte)'"');
                    if (q < 0) { value.Append(Encoding.UTF8.GetString(text[i..])); i = n; break; }
                    value.Append(Encoding.UTF8.GetString(text.Slice(i, q)));
                    i += q;
                    if (i + 1 < n && text[i + 1] == '"') { value.Append('"'); i += 2; }
                    else { i++; break; }
                }
                // Text after the closing quote up to the separator belongs to the field, as a lenient reader keeps it.
                var rest = text[i..].IndexOfAny(FieldEnds);
                var stop = rest < 0 ? n : i + rest;
                value.Append(Encoding.UTF8.GetString(text[i..stop]));
                i = stop;
                starts.Add(~quoted.Count);
                lengths.Add(0);
                quoted.Add(value.ToString());
            }
            else
            {
                var end = text[i..].IndexOfAny(FieldEnds);
                var stop = end < 0 ? n : i + end;
                starts.Add(i);
                lengths.Add(stop - i);
                i = stop;
            }
            lineHasContent = true;
            if (i < n && text[i] == ',')
            {
                i++;
                // A separator at the end of a line ends an empty last field.
                if (i >= n || text[i] is (byte)'\n' or (byte)'\r') { starts.Add(i); lengths.Add(0); }
            }
        }
        EndRecord();
        if (rowStarts.Count < 2) throw new InvalidDataException("empty CSV data file");
        return new CsvTable(data, starts.ToArray(), lengths.ToArray(), rowStarts.ToArray(), quoted);

        void EndRecord()
        {
            if (lineHasContent) rowStarts.Add(starts.Count);
            lineHasContent = false;
        }
    }
}
