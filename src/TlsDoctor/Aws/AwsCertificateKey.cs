using TlsDoctor.Negotiation;

namespace TlsDoctor.Aws;

/// <summary>
/// The key type of one listener certificate as ACM DescribeCertificate reports it (<see cref="KeyAlgorithm"/>, e.g.
/// RSA_2048, EC_prime256v1), or why it is not known (<see cref="Why"/>: not an ACM certificate, access denied, …).
/// </summary>
public sealed record AwsCertificateKey(string Arn, string? KeyAlgorithm, CertificateKind? Kind, string? Why);
