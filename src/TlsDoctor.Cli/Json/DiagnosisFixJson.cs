namespace TlsDoctor.Cli.Json;

/// <summary>The most secure policy of the load-balancer type that admits every client, why, and the AWS CLI commands; policy null when none does.</summary>
public sealed record DiagnosisFixJson(string LoadBalancer, string? Policy, IReadOnlyList<string> Why, IReadOnlyList<string> Commands);
