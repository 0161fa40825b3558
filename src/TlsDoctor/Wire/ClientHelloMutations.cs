using TlsDoctor.Registry;

namespace TlsDoctor.Wire;

/// <summary>
/// Named changes applied to a valid ClientHello, for probes that test how a server copes with hellos some
/// middleboxes and old stacks mishandle (version, extension and fragmentation intolerance). Each returns the
/// record bytes to send; the unchanged fields stay exactly as built.
/// </summary>
public static class ClientHelloMutations
{
    /// <summary>A legacy_version the server may not know (e.g. 0x0304 or 0x0399 for version intolerance, RFC 8446 D.2).</summary>
    public static byte[] WithLegacyVersion(ClientHello hello, ushort legacyVersion, ushort recordVersion = 0x0301) =>
        (hello with { LegacyVersion = legacyVersion }).ToRecord(recordVersion);

    /// <summary>The hello without one extension type (every occurrence).</summary>
    public static byte[] WithoutExtension(ClientHello hello, ushort type, ushort recordVersion = 0x0301) =>
        (hello with { Extensions = hello.Extensions?.Where(e => e.Type != type).ToList() }).ToRecord(recordVersion);

    /// <summary>An extra extension of an unassigned type with the given body, appended last (extension intolerance).</summary>
    public static byte[] WithUnknownExtension(ClientHello hello, ushort type = 0xFFFE, byte[]? data = null, ushort recordVersion = 0x0301) =>
        (hello with { Extensions = [.. hello.Extensions ?? [], new TlsExtension(type, data ?? [])] }).ToRecord(recordVersion);

    /// <summary>The last extension has an empty body (some stacks failed when the hello ended in an empty extension).</summary>
    public static byte[] WithEmptyExtensionLast(ClientHello hello, ushort type = ExtensionType.ExtendedMasterSecret, ushort recordVersion = 0x0301) =>
        (hello with { Extensions = [.. (hello.Extensions ?? []).Where(e => e.Type != type), new TlsExtension(type, ReadOnlyMemory<byte>.Empty)] }).ToRecord(recordVersion);

    /// <summary>The hello split over records of at most <paramref name="fragmentLength"/> bytes (record-fragmentation intolerance).</summary>
    public static byte[] Fragmented(ClientHello hello, int fragmentLength, ushort recordVersion = 0x0301) =>
        TlsRecord.Wrap(ContentType.Handshake, recordVersion, hello.ToBytes(), fragmentLength);
}
