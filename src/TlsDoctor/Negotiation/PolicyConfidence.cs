namespace TlsDoctor.Negotiation;

/// <summary>How well a catalog policy's facts are sourced (data/SOURCES.md explains each entry).</summary>
public enum PolicyConfidence
{
    /// <summary>Names only, one third-party source, or implementation data only.</summary>
    Low = 0,
    /// <summary>One primary source, or a primary source plus implementation data with a gap.</summary>
    Medium = 1,
    /// <summary>Provider documentation and at least one independent source agree.</summary>
    High = 2,
}
