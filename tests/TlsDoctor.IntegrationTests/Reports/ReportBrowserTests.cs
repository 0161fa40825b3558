using System.Text.Json;
using System.Text.Json.Nodes;
using TlsDoctor.Cli;
using TlsDoctor.Emulator;
using TlsDoctor.IntegrationTests.Emulator;
using TlsDoctor.Policies;

namespace TlsDoctor.IntegrationTests.Reports;

/// <summary>
/// `report --target` against the emulator serving an ALB policy, then the HTML opened in a real headless Chromium with
/// its network switched off: nothing is requested but the file itself, no console error (a Content-Security-Policy
/// violation would be one), every grid cell is laid out with a size, and the page does not scroll sideways at a
/// phone's 390 px. Screenshots at 1280 and 390 px are kept in TestResults/ (CI artifacts); with
/// TLSDOCTOR_UPDATE_DOCS=1 the 1280 px one also becomes docs/report.png, the README's picture.
/// </summary>
public sealed class ReportBrowserTests
{
    private static readonly string[] Clients = ["java-6u45", "ie-8-xp", "chrome-27-win7", "firefox-137-win11", "chromium-137-win11", "android-442", "java-8u31", "curl"];

    [Fact]
    public async Task The_report_renders_offline_in_Chromium_at_desktop_and_phone_width()
    {
        var policy = PolicyCatalog.Get("ELBSecurityPolicy-TLS13-1-2-2021-06")!;
        await using var server = await new RunningEmulator { Policy = policy, Analyzer = new SimulatorHelloAnalyzer() }.StartAsync();
        var results = Directory.CreateDirectory(RepoPaths.Repo("TestResults")).FullName;
        var html = Path.Combine(results, "report.html");
        var args = new List<string> { "report", "--target", server.Address, "--policy", "ELBSecurityPolicy-2016-08", "-o", html };
        foreach (var c in Clients) args.AddRange(["-c", c]);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Task.Run(() => CommandLineApp.Run([.. args], stdout, stderr));
        Assert.True(exit == ExitCodes.Findings, $"exit {exit}: {stderr}");
        Assert.Contains("3 of 8 clients fail", stdout.ToString());
        // The hellos were sent for real, and the emulator's answers confirmed every prediction (no note says otherwise).
        var text = await File.ReadAllTextAsync(html);
        Assert.Contains("hello sent to the endpoint", text);
        Assert.DoesNotContain("differs from the prediction", text);
        Assert.Contains(server.Records, r => r.Outcome == ConnectionOutcome.Refused && r.Reason == "no-shared-protocol");

        var url = new Uri(html).AbsoluteUri;
        await using var browser = await HeadlessChromium.StartAsync();
        await browser.SendAsync("Network.enable");
        await browser.SendAsync("Page.enable");
        await browser.SendAsync("Log.enable");
        await browser.SendAsync("Runtime.enable");
        await browser.SendAsync("Network.emulateNetworkConditions", new JsonObject
        {
            ["offline"] = true, ["latency"] = 0, ["downloadThroughput"] = 0, ["uploadThroughput"] = 0,
        });

        foreach (var width in new[] { 1280, 390 })
        {
            await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
            {
                ["width"] = width, ["height"] = 900, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600,
            });
            var before = browser.Events.Count;
            await browser.SendAsync("Page.navigate", new JsonObject { ["url"] = url });
            await browser.WaitForEventAsync("Page.loadEventFired", before);

            var layout = await browser.EvaluateAsync("""
                JSON.stringify((() => {
                  const cells = [...document.querySelectorAll('table.grid td.cell')];
                  const sized = cells.filter(c => { const r = c.getBoundingClientRect(); const s = getComputedStyle(c);
                    return r.width > 0 && r.height > 0 && s.visibility === 'visible' && s.display !== 'none'; });
                  const first = cells.length ? cells[0].getBoundingClientRect() : null;
                  return { cells: cells.length, sized: sized.length,
                           rows: document.querySelectorAll('table.grid tr.row').length,
                           columns: document.querySelectorAll('table.grid thead th.pol').length,
                           firstLeft: first ? first.left : -1, firstText: cells.length ? cells[0].innerText : '',
                           pageWidth: document.documentElement.scrollWidth, viewport: window.innerWidth,
                           height: document.documentElement.scrollHeight };
                })())
                """);
            using var facts = JsonDocument.Parse(layout.GetString()!);
            var f = facts.RootElement;
            Assert.Equal(Clients.Length, f.GetProperty("rows").GetInt32());
            Assert.Equal(3, f.GetProperty("columns").GetInt32());
            Assert.Equal(Clients.Length * 3, f.GetProperty("cells").GetInt32());
            Assert.Equal(f.GetProperty("cells").GetInt32(), f.GetProperty("sized").GetInt32());
            Assert.InRange(f.GetProperty("firstLeft").GetDouble(), 0, width - 40);
            Assert.Matches("^[✓✗]", f.GetProperty("firstText").GetString());
            Assert.True(f.GetProperty("pageWidth").GetInt32() <= width, $"at {width} px the page is {f.GetProperty("pageWidth")} px wide");

            // The whole page, as tall as it is (bounded), for the artifacts.
            var height = Math.Min(f.GetProperty("height").GetInt32(), 8000);
            await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
            {
                ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = width < 600,
            });
            var shot = await browser.SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
            var png = Convert.FromBase64String(shot.GetProperty("data").GetString()!);
            Assert.True(png.Length > 10_000, $"screenshot of {png.Length} bytes");
            await File.WriteAllBytesAsync(Path.Combine(results, $"report-{width}.png"), png);
            if (width == 1280 && Environment.GetEnvironmentVariable("TLSDOCTOR_UPDATE_DOCS") == "1")
            {
                // The README's picture: the summary and the grid, the part a reader sees first.
                var top = await browser.SendAsync("Page.captureScreenshot", new JsonObject
                {
                    ["format"] = "png",
                    ["clip"] = new JsonObject { ["x"] = 0, ["y"] = 0, ["width"] = width, ["height"] = Math.Min(height, 1400), ["scale"] = 1 },
                });
                await File.WriteAllBytesAsync(RepoPaths.Repo("docs/report.png"), Convert.FromBase64String(top.GetProperty("data").GetString()!));
            }
        }

        // Printable: the print stylesheet lays the same page out on paper.
        var pdf = await browser.SendAsync("Page.printToPDF", new JsonObject { ["printBackground"] = true });
        var pdfBytes = Convert.FromBase64String(pdf.GetProperty("data").GetString()!);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(pdfBytes, 0, 4));
        await File.WriteAllBytesAsync(Path.Combine(results, "report.pdf"), pdfBytes);

        var requested = browser.Events.Where(e => e.GetProperty("method").GetString() == "Network.requestWillBeSent")
            .Select(e => e.GetProperty("params").GetProperty("request").GetProperty("url").GetString()).ToList();
        Assert.NotEmpty(requested);
        Assert.All(requested, u => Assert.Equal(url, u));
        var errors = browser.Events.Where(e => e.GetProperty("method").GetString() == "Log.entryAdded"
                && e.GetProperty("params").GetProperty("entry").GetProperty("level").GetString() == "error")
            .Select(e => e.GetProperty("params").GetProperty("entry").GetProperty("text").GetString()).ToList();
        Assert.Empty(errors);
    }
}
