using TlsDoctor.Registry;

namespace TlsDoctor.Diagnosis;

/// <summary>What the endpoint answered to a client's hello: the version and suite of its ServerHello, or its alert, or why there was none.</summary>
public sealed record LiveAnswer(LiveAnswerKind Kind, TlsVersion? Version = null, ushort? Suite = null, string? Alert = null, string? Detail = null)
{
    public bool Accepted => Kind == LiveAnswerKind.ServerHello;
}
