using System.Text;
using System.Text.Json;
using TlsDoctor.Negotiation;
using TlsDoctor.Registry;

namespace TlsDoctor.Policies;

/// <summary>
/// Writes a configuration that makes haproxy, nginx or <c>openssl s_server</c> enforce a policy (protocol range,
/// suites in server order, TLS 1.3 suites, groups, whose order wins), or the policy in the shape of
/// <c>aws elbv2 describe-ssl-policies</c>. What OpenSSL 3.0 cannot enforce is left out and said in a comment.
/// </summary>
public static class PolicyExporter
{
    public static PolicyExport Export(ServerPolicy policy, PolicyExportFormat format)
    {
        if (policy.Unknown.HasFlag(PolicyUnknowns.Protocols) || policy.Unknown.HasFlag(PolicyUnknowns.Tls12CipherSuites)
            || policy.Unknown.HasFlag(PolicyUnknowns.Tls13CipherSuites))
            return new PolicyExport
            {
                Format = format,
                Error = $"{policy.Id}: its {DescribeUnknown(policy.Unknown)} are not known from any source, so no configuration would be faithful",
            };

        var warnings = new List<string>();
        var classic = new List<string>();
        var tls13 = new List<string>();
        var weakest = policy.MinVersion;
        foreach (var code in policy.CipherSuites)
        {
            var suite = CipherSuites.Find(code);
            var name = suite?.OpenSslName ?? suite?.IanaName;
            if (suite is null || name is null || (format != PolicyExportFormat.AwsJson && !OpenSslSupport.CanEnforceSuite(code)))
            {
                if (format != PolicyExportFormat.AwsJson)
                    warnings.Add($"{CipherSuites.Describe(code)} ({Codepoint.Format(code)}) left out: OpenSSL {OpenSslSupport.Version} cannot enforce it");
                else if (name is null) warnings.Add($"{CipherSuites.Describe(code)} has no OpenSSL name");
                if (format != PolicyExportFormat.AwsJson || name is null) continue;
            }
            (suite!.IsTls13 ? tls13 : classic).Add(suite.IsTls13 ? suite.IanaName ?? name : name);
        }
        if (policy.Unknown.HasFlag(PolicyUnknowns.CipherOrder))
            warnings.Add("the provider documents which suites the policy has, not their order; the order here is the documented listing order");

        var groupNames = new List<string>();
        if (policy.Groups is null)
            warnings.Add("the sources do not state the policy's groups; the server's default groups apply");
        else
        {
            foreach (var g in policy.Groups)
            {
                var group = Groups.Find(g);
                if (format != PolicyExportFormat.AwsJson && !OpenSslSupport.KnowsGroup(g))
                {
                    warnings.Add($"group {Groups.Describe(g)} left out: OpenSSL {OpenSslSupport.Version} does not implement it");
                    continue;
                }
                groupNames.Add(group?.OpenSslName ?? Groups.Describe(g));
            }
            if (policy.Unknown.HasFlag(PolicyUnknowns.Groups))
                warnings.Add("the sources state only part of the policy's groups; the others are not configured");
        }

        var secLevel0 = weakest < TlsVersion.Tls12 || policy.CipherSuites.Any(c => CipherSuites.Find(c) is { } s && (s.Enc is "3DES" or "None" || s.Mac == "MD5"));
        var cipherString = classic.Count == 0 ? "" : string.Join(':', classic) + (secLevel0 ? ":@SECLEVEL=0" : "");
        if (secLevel0 && classic.Count > 0)
            warnings.Add("@SECLEVEL=0 added: OpenSSL 3.0 refuses TLS 1.0/1.1 handshakes and 3DES/NULL/MD5 suites at its default security level");
        var ciphersuites = string.Join(':', tls13);
        var export = new PolicyExport { Format = format, Warnings = warnings, CipherString = cipherString, Ciphersuites = ciphersuites };

        return format switch
        {
            PolicyExportFormat.Haproxy => Haproxy(policy, export, groupNames),
            PolicyExportFormat.Nginx => Nginx(policy, export, groupNames),
            PolicyExportFormat.OpenSsl => OpenSsl(policy, export, groupNames),
            PolicyExportFormat.AwsJson => AwsJson(policy, export, classic, tls13),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    private static string DescribeUnknown(PolicyUnknowns u) => string.Join(" and ", new[]
    {
        u.HasFlag(PolicyUnknowns.Protocols) ? "protocols" : null,
        u.HasFlag(PolicyUnknowns.Tls13CipherSuites) ? "TLS 1.3 suites" : null,
        u.HasFlag(PolicyUnknowns.Tls12CipherSuites) ? "TLS 1.0–1.2 suites" : null,
    }.Where(x => x is not null));

    private static StringBuilder Header(ServerPolicy p, PolicyExport e, string comment)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"{comment} TlsDoctor export of {p.Id} ({p.Provider}{(p.LoadBalancers.Count > 0 ? "; " + string.Join(", ", p.LoadBalancers) : "")})");
        sb.AppendLine($"{comment} protocols {string.Join(' ', p.Versions.Select(v => v.Name))}; {(p.ServerOrder ? "server" : "client")} suite order wins");
        foreach (var w in e.Warnings) sb.AppendLine($"{comment} warning: {w}");
        return sb;
    }

    private static string HaproxyVersion(TlsVersion v) => v == TlsVersion.SSLv3 ? "SSLv3" : v.Name;

    private static PolicyExport Haproxy(ServerPolicy p, PolicyExport e, List<string> groups)
    {
        // haproxy's bind keywords (configuration manual, "5.1. Bind options"): the server's order wins unless
        // prefer-client-ciphers is set.
        var options = new List<string>();
        if (e.CipherString.Length > 0) options.Add($"ciphers {e.CipherString}");
        if (e.Ciphersuites.Length > 0) options.Add($"ciphersuites {e.Ciphersuites}");
        options.Add($"ssl-min-ver {HaproxyVersion(p.MinVersion)} ssl-max-ver {HaproxyVersion(p.MaxVersion)}");
        if (groups.Count > 0) options.Add($"curves {string.Join(':', groups)}");
        if (!p.ServerOrder) options.Add("prefer-client-ciphers");
        if (p.ServerOrder && p.CipherSuites.Any(c => CipherSuites.Find(c)?.Enc == "CHACHA20/POLY1305"))
            e = e with { Warnings = [.. e.Warnings, "haproxy turns on OpenSSL's PrioritizeChaCha: a client that lists a ChaCha20-Poly1305 suite first gets it, although the policy prefers the suites before it"] };
        var sb = Header(p, e, "#");
        sb.AppendLine("global");
        if (e.CipherString.Length > 0) sb.AppendLine($"    ssl-default-bind-ciphers {e.CipherString}");
        if (e.Ciphersuites.Length > 0) sb.AppendLine($"    ssl-default-bind-ciphersuites {e.Ciphersuites}");
        sb.AppendLine($"    ssl-default-bind-options ssl-min-ver {HaproxyVersion(p.MinVersion)} ssl-max-ver {HaproxyVersion(p.MaxVersion)}{(p.ServerOrder ? "" : " prefer-client-ciphers")}");
        if (groups.Count > 0) sb.AppendLine($"    ssl-default-bind-curves {string.Join(':', groups)}");
        sb.AppendLine("# or, on one bind line:");
        sb.AppendLine($"#   bind :443 ssl crt /path/to/cert.pem {string.Join(' ', options)}");
        return e with { Text = sb.ToString(), BindOptions = string.Join(' ', options) };
    }

    private static PolicyExport Nginx(ServerPolicy p, PolicyExport e, List<string> groups)
    {
        var sb = Header(p, e, "#");
        sb.AppendLine($"ssl_protocols {string.Join(' ', p.Versions.Select(v => v.Name == "TLSv1.0" ? "TLSv1" : v.Name))};");
        // nginx needs some ssl_ciphers value; with no TLS 1.0-1.2 suite enabled the list is moot (TLS 1.3 only).
        if (e.CipherString.Length > 0) sb.AppendLine($"ssl_ciphers '{e.CipherString}';");
        sb.AppendLine($"ssl_prefer_server_ciphers {(p.ServerOrder ? "on" : "off")};");
        if (e.Ciphersuites.Length > 0) sb.AppendLine($"ssl_conf_command Ciphersuites {e.Ciphersuites};");
        if (groups.Count > 0) sb.AppendLine($"ssl_ecdh_curve {string.Join(':', groups)};");
        return e with { Text = sb.ToString() };
    }

    private static PolicyExport OpenSsl(ServerPolicy p, PolicyExport e, List<string> groups)
    {
        var args = new List<string> { "-min_protocol", OpenSslProtocol(p.MinVersion), "-max_protocol", OpenSslProtocol(p.MaxVersion) };
        if (e.CipherString.Length > 0) args.AddRange(["-cipher", e.CipherString]);
        if (p.Versions.Contains(TlsVersion.Tls13)) args.AddRange(["-ciphersuites", e.Ciphersuites]);
        if (p.ServerOrder) args.Add("-serverpref");
        if (groups.Count > 0) args.AddRange(["-groups", string.Join(':', groups)]);
        var sb = Header(p, e, "#");
        sb.AppendLine("openssl s_server " + string.Join(' ', args.Select(ShellQuote)));
        return e with { Text = sb.ToString(), Arguments = args };
    }

    private static string OpenSslProtocol(TlsVersion v) => v == TlsVersion.SSLv3 ? "SSLv3" : v == TlsVersion.Tls10 ? "TLSv1" : v.Name;

    private static string ShellQuote(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '=' or '@' or '+' or ',')
            ? s : "'" + s.Replace("'", "'\\''") + "'";

    private static PolicyExport AwsJson(ServerPolicy p, PolicyExport e, List<string> classic, List<string> tls13)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("SslPolicies");
            w.WriteStartObject();
            w.WriteStartArray("SslProtocols");
            // Ascending, as the ELB API lists them (aws-cli example: ["TLSv1", "TLSv1.1", "TLSv1.2"]).
            foreach (var v in p.Versions) w.WriteStringValue(v.AwsName);
            w.WriteEndArray();
            w.WriteStartArray("Ciphers");
            var priority = 1;
            foreach (var name in tls13.Concat(classic))
            {
                w.WriteStartObject();
                w.WriteString("Name", name);
                w.WriteNumber("Priority", priority++);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("Name", p.Name);
            w.WriteStartArray("SupportedLoadBalancerTypes");
            foreach (var lb in p.LoadBalancers)
                w.WriteStringValue(lb switch { "ALB" => "application", "NLB" => "network", "CLB" => "classic", _ => lb.ToLowerInvariant() });
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return e with { Text = Encoding.UTF8.GetString(buffer.ToArray()) + "\n" };
    }
}
