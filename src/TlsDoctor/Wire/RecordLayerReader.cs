namespace TlsDoctor.Wire;

/// <summary>
/// Reads the record layer from a buffer that grows as bytes arrive: call <see cref="Read"/> again with the whole buffer
/// after each read. A stateless view of <see cref="RecordAssembler"/> (the one reader of records and handshake framing)
/// for callers that keep the whole answer anyway: messages are slices of the buffer where they lie in one record.
/// </summary>
public static class RecordLayerReader
{
    public static RecordReadResult Read(ReadOnlyMemory<byte> buffer, int maxHandshakeLength = RecordAssembler.DefaultMaxHandshakeLength)
    {
        var assembler = new RecordAssembler(maxHandshakeLength);
        var messages = new List<TlsMessage>();
        assembler.Push(buffer, messages);
        var status = assembler.Status switch
        {
            RecordAssemblerStatus.Reading => assembler.HasPartialMessage || assembler.Records == 0 ? RecordReadStatus.NeedMoreBytes : RecordReadStatus.Complete,
            RecordAssemblerStatus.Sslv2 => assembler.ConsumedBytes == buffer.Length ? RecordReadStatus.Complete : RecordReadStatus.NeedMoreBytes,
            _ => RecordReadStatus.Error,
        };
        return new RecordReadResult(status, messages, (int)assembler.ConsumedBytes, assembler.Records, assembler.Error);
    }
}
