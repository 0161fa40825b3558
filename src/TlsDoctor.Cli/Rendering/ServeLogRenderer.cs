using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using TlsDoctor.Cli.Json;
using TlsDoctor.Emulator;
using TlsDoctor.Registry;

namespace TlsDoctor.Cli.Rendering;

/// <summary>
/// Writes the `serve` connection log: one line per connection on stdout (space-separated in the field order of ALB
/// connection logs, or one JSON object with --json), the banner and the counters on stderr (or as JSON events).
/// Safe to call from many connections at once.
/// </summary>
public sealed class ServeLogRenderer
{
    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly bool _colour;
    private readonly bool _json;
    private readonly Lock _gate = new();

    public ServeLogRenderer(TextWriter stdout, TextWriter stderr, bool json)
    {
        _stdout = stdout;
        _stderr = stderr;
        _json = json;
        _colour = !json && Terminal.UsesColour(stdout);
    }

    public void Listening(TlsEmulator emulator, DnsEndPoint? backend)
    {
        var engine = emulator.Engine;
        var endpoint = emulator.LocalEndPoint;
        var backendText = backend is null ? null : $"{backend.Host}:{backend.Port}";
        lock (_gate)
        {
            if (_json)
            {
                var line = new ServeListeningJson("listening", endpoint.Address.ToString(), endpoint.Port, engine.Policy.Name,
                    engine.Policy.Versions.OrderDescending().Select(v => v.Name).ToList(),
                    engine.Suites.Select(Suite).ToList(), engine.HelloOnlySuites.Select(Suite).ToList(),
                    engine.SuitesWithoutCertificate.Select(Suite).ToList(),
                    engine.Groups.Select(g => new CodeName(Codepoint.Format(g), Groups.Describe(g))).ToList(),
                    emulator.Certificates.Select(c => new ServeCertificateJson(c.Kind.ToString().ToLowerInvariant(), c.KeyBits, c.Subject, c.IsGenerated)).ToList(),
                    backendText);
                _stdout.WriteLine(Compact(line));
                _stdout.Flush();
                return;
            }
            var w = _stderr;
            w.WriteLine($"tlsdoctor serve: listening on {Format(endpoint)} with policy {engine.Policy.Name}");
            w.WriteLine($"  protocols: {string.Join(" ", engine.Policy.Versions.OrderDescending().Select(v => v.Name))}");
            w.WriteLine($"  ciphers (server order): {string.Join(" ", engine.Suites.Select(OpenSslName))}");
            if (engine.HelloOnlySuites.Count > 0 || engine.HelloOnlyVersions.Count > 0)
                w.WriteLine($"  answered at the hello level only (no engine completes them): {string.Join(" ", engine.HelloOnlyVersions.Select(v => v.Name).Concat(engine.HelloOnlySuites.Select(OpenSslName)))}");
            if (engine.SuitesWithoutCertificate.Count > 0)
                w.WriteLine($"  not served (need another certificate type, see --cert-type): {string.Join(" ", engine.SuitesWithoutCertificate.Select(OpenSslName))}");
            w.WriteLine($"  groups: {string.Join(" ", engine.Groups.Select(Groups.Describe))}");
            foreach (var c in emulator.Certificates)
                w.WriteLine($"  certificate: {c.Kind.ToString().ToUpperInvariant()} {c.KeyBits} bits, {c.Subject}{(c.IsGenerated ? " (generated, self-signed)" : "")}");
            w.WriteLine(backendText is null ? "  completed connections get a small HTTP response" : $"  completed connections are forwarded to {backendText} (raw TCP)");
            w.WriteLine("  fields: time client listener-port protocol cipher handshake-seconds outcome [reason \"explanation\"]   (Ctrl+C to stop)");
            w.Flush();
        }
    }

    /// <summary>The log line of one connection.</summary>
    public void Connection(ConnectionRecord record)
    {
        lock (_gate)
        {
            if (_json)
            {
                _stdout.WriteLine(Compact(ToJson(record)));
                _stdout.Flush();
                return;
            }
            var text = FormatLine(record, out var outcomeStart, out var outcomeLength);
            if (_colour)
            {
                // SGR colours (ECMA-48) around the outcome; a log line is never wrapped.
                var colour = record.Outcome switch
                {
                    ConnectionOutcome.Success => "32",
                    ConnectionOutcome.HelloOnly => "33",
                    ConnectionOutcome.Refused => "31",
                    _ => "90",
                };
                text = text[..outcomeStart] + $"\u001b[{colour}m" + text.Substring(outcomeStart, outcomeLength) + "\u001b[0m" + text[(outcomeStart + outcomeLength)..];
            }
            _stdout.WriteLine(text);
            _stdout.Flush();
        }
    }

    public void Stats(EmulatorStatisticsSnapshot snapshot, bool final)
    {
        lock (_gate)
        {
            if (_json)
            {
                var line = new ServeStatsJson("stats", final, snapshot.Total,
                    snapshot.ByOutcome.ToDictionary(o => o.Outcome.Code(), o => o.Count),
                    snapshot.ByReason.ToDictionary(r => r.Reason, r => r.Count));
                _stdout.WriteLine(Compact(line));
                _stdout.Flush();
                return;
            }
            var outcomes = snapshot.ByOutcome.Count == 0 ? "none" : string.Join(", ", snapshot.ByOutcome.Select(o => $"{o.Outcome.Code()} {o.Count}"));
            var reasons = snapshot.ByReason.Count == 0 ? "" : "; reasons: " + string.Join(", ", snapshot.ByReason.Select(r => $"{r.Reason} {r.Count}"));
            _stderr.WriteLine($"{(final ? "total" : "so far")}: {snapshot.Total} connections: {outcomes}{reasons}");
            _stderr.Flush();
        }
    }

    /// <summary>time client:port listener-port protocol cipher latency outcome [reason "explanation"].</summary>
    public static string FormatLine(ConnectionRecord r, out int outcomeStart, out int outcomeLength)
    {
        var prefix = string.Join(' ',
            r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            $"{FormatAddress(r.ClientIp)}:{r.ClientPort}",
            r.ListenerPort.ToString(CultureInfo.InvariantCulture),
            r.Protocol?.Name ?? "-",
            r.Suite is { } s ? OpenSslName(s) : "-",
            r.HandshakeLatency is { } l ? l.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture) : "-") + " ";
        var outcome = r.Outcome.Code();
        outcomeStart = prefix.Length;
        outcomeLength = outcome.Length;
        var line = prefix + outcome;
        if (r.Reason is not null) line += " " + r.Reason;
        if (r.Explanation is not null) line += " \"" + r.Explanation.Replace("\"", "'") + "\"";
        return line;
    }

    public static ServeConnectionJson ToJson(ConnectionRecord r) => new(
        "connection",
        r.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        $"{FormatAddress(r.ClientIp)}:{r.ClientPort}",
        r.ListenerPort,
        r.Protocol?.Name,
        r.Suite is { } s ? Suite(s) : null,
        r.Suite is { } o ? CipherSuites.Find(o)?.OpenSslName : null,
        r.HandshakeLatency is { } l ? Math.Round(l.TotalMilliseconds, 3) : null,
        r.Outcome.Code(),
        r.Reason,
        r.Explanation,
        r.Alert,
        r.ServerName,
        r.ClientSummary,
        r.BytesIn,
        r.BytesOut);

    private static string Compact<T>(T value) => CliJson.SerializeLine(value);

    private static CodeName Suite(ushort code) => new(Codepoint.Format(code), CipherSuites.Describe(code));

    private static string OpenSslName(ushort code) => CipherSuites.Find(code) is { } s ? s.OpenSslName ?? s.Name : CipherSuites.Describe(code);

    private static string FormatAddress(string ip) => ip.Contains(':') ? $"[{ip}]" : ip;

    private static string Format(IPEndPoint e) => $"{FormatAddress(e.Address.ToString())}:{e.Port}";
}
