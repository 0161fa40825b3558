namespace TlsDoctor.Wire;

/// <summary>What <see cref="RecordLayerReader.Read"/> found in a buffer.</summary>
public sealed record RecordReadResult(
    RecordReadStatus Status,
    IReadOnlyList<TlsMessage> Messages,
    int ConsumedBytes,
    int RecordCount,
    DecodeError? Error)
{
    public bool IsComplete => Status == RecordReadStatus.Complete;
    public bool NeedsMoreBytes => Status == RecordReadStatus.NeedMoreBytes;

    /// <summary>The first handshake message of the given type, if one was read.</summary>
    public TlsMessage? FindHandshake(HandshakeType type)
    {
        foreach (var m in Messages) if (m.Kind == TlsMessageKind.Handshake && m.HandshakeType == type) return m;
        return null;
    }

    /// <summary>The first alert read, if any.</summary>
    public TlsMessage? FirstAlert
    {
        get { foreach (var m in Messages) if (m.Kind == TlsMessageKind.Alert) return m; return null; }
    }
}
