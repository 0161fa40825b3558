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

    /// <summary>Writes the file whole (to a temporary name, then renamed) so that a reader never sees half a report.</summary>
    public static void Write(Report report, ReportFormat format, string path)
    {
        var text = Render(report, format);
        var full = Path.GetFullPath(path);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, full, overwrite: true);
    }
}
