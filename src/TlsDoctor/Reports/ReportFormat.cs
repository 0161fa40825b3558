namespace TlsDoctor.Reports;

/// <summary>The file formats of a report.</summary>
public enum ReportFormat
{
    /// <summary>One self-contained HTML file (<see cref="HtmlReportRenderer"/>).</summary>
    Html,
    /// <summary>GitHub/GitLab-flavoured Markdown (<see cref="MarkdownReportRenderer"/>).</summary>
    Markdown,
}
