namespace TlsDoctor.Policies;

/// <summary>Target of <c>policies export</c>.</summary>
public enum PolicyExportFormat
{
    /// <summary>haproxy global section (ssl-default-bind-*), plus the equivalent bind-line keywords.</summary>
    Haproxy,
    /// <summary>nginx http/server-block directives.</summary>
    Nginx,
    /// <summary>Arguments for <c>openssl s_server</c>.</summary>
    OpenSsl,
    /// <summary>The shape of <c>aws elbv2 describe-ssl-policies</c> output.</summary>
    AwsJson,
}
