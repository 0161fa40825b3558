namespace TlsDoctor.Scanning;

/// <summary>Groups a server chose, in the order it chose them when offered the rest.</summary>
public sealed record GroupEnumeration(IReadOnlyList<ushort> Groups, bool RevealedByRetry, IReadOnlyList<string> Notes);
