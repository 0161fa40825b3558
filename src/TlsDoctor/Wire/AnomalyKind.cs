namespace TlsDoctor.Wire;

/// <summary>RFC violations that still frame: the message decodes, and the violation is reported beside it.</summary>
public enum AnomalyKind
{
    DuplicateExtension,
    EmptyList,
    LeftoverBytesInExtension,
    MalformedExtension,
    UnexpectedLegacyVersion,
    DowngradeSentinel,
    OddLengthList,
    TrailingBytes,
    UnexpectedCompression,
    Other,
}
