using System.Text;

namespace TlsDoctor.Reports;

/// <summary>Renders a report and writes it: the one I/O of this namespace.</summary>
public static class ReportFile
{
    public static string Render(Report report, ReportFormat format) => format switch
    {
        ReportFormat.Markdown => MarkdownReportRenderer.Render(report),
        _ => HtmlReportRenderer.Render(report),
    };

    /// <summary>The logs alone as an HTML page (logs summary --html), written whole.</summary>
    public static void WriteLogs(ReportLogs logs, DateTimeOffset generatedAt, string path) => WriteWhole(HtmlReportRenderer.Render(logs, generatedAt), path);

    /// <summary>Writes the file whole (to a temporary name, then renamed) so that a reader never sees half a report.</summary>
    public static void Write(Report report, ReportFormat format, string path) => WriteWhole(Render(report, format), path);

    private static void WriteWhole(string text, string path)
    {
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, full, overwrite: true);
    }
}
