using Spectre.Console;
using Spectre.Console.Rendering;

namespace TlsDoctor.Cli.Rendering;

/// <summary>
/// Fits a table to the console without breaking a word: suite, policy and client names are single words, and Spectre
/// breaks a word when it narrows a column below it (it narrows the widest columns first, whatever their words). Here each
/// column gets a fixed width: its widest line when everything fits, else shrunk from the widest columns down, never below
/// its longest word. When even the longest words do not fit side by side, the caller writes a narrower layout.
/// </summary>
public static class TableFit
{
    /// <summary>A width no cell reaches: cells are measured unconstrained.</summary>
    private const int Unbounded = 1 << 16;

    /// <summary>Writes <paramref name="table"/> fitted to the console, or calls <paramref name="narrow"/> when it cannot fit.</summary>
    public static void Write(IAnsiConsole console, Table table, Action narrow)
    {
        if (TryFit(console, table)) console.Write(table);
        else narrow();
    }

    /// <summary>Sets the columns' widths so that <paramref name="table"/> fits without breaking a word; false (nothing set) when it cannot.</summary>
    public static bool TryFit(IAnsiConsole console, Table table)
    {
        var options = RenderOptions.Create(console);
        var count = table.Columns.Count;
        var min = new int[count];
        var max = new int[count];
        void Measure(int i, IRenderable cell)
        {
            var m = cell.Measure(options, Unbounded);
            min[i] = Math.Max(min[i], m.Min);
            max[i] = Math.Max(max[i], m.Max);
        }
        if (table.ShowHeaders)
            for (var i = 0; i < count; i++) Measure(i, table.Columns[i].Header);
        foreach (var row in table.Rows)
        {
            var i = 0;
            foreach (var cell in row) Measure(i++, cell);
        }
        // Borders and padding: what the table measures beyond its cells' widest lines.
        var extra = ((IRenderable)table).Measure(options, Unbounded).Max - max.Sum();
        var available = console.Profile.Width - extra;
        if (min.Sum() > available) return false;
        var widths = (int[])max.Clone();
        var excess = widths.Sum() - available;
        while (excess > 0)
        {
            // Narrow the widest column that still has room above its longest word.
            var widest = -1;
            for (var i = 0; i < count; i++)
                if (widths[i] > min[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
            var next = 0;
            for (var i = 0; i < count; i++)
                if (i != widest && widths[i] < widths[widest] && widths[i] > next) next = widths[i];
            var step = Math.Min(excess, Math.Max(1, Math.Min(widths[widest] - Math.Max(next, min[widest]), widths[widest] - min[widest])));
            widths[widest] -= step;
            excess -= step;
        }
        for (var i = 0; i < count; i++) table.Columns[i].Width = widths[i];
        return true;
    }
}
