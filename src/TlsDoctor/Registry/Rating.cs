namespace TlsDoctor.Registry;

/// <summary>ciphersuite.info's categories, ordered from worst to best so that comparisons read naturally.</summary>
public enum Rating
{
    Insecure = 0,
    Weak = 1,
    Secure = 2,
    Recommended = 3,
}
