namespace TlsDoctor.Policies;

/// <summary>Why a policy name or file could not be turned into a policy: a closed set of expected failures.</summary>
public abstract record PolicyError
{
    /// <summary>One line for an operator, naming what was wrong and, for names, the closest known ones.</summary>
    public abstract string Message { get; }

    public sealed record UnknownName(string Name, IReadOnlyList<string> Suggestions) : PolicyError
    {
        public override string Message => Suggestions.Count == 0
            ? $"unknown policy '{Name}' (see 'tlsdoctor policies list')"
            : $"unknown policy '{Name}'; closest: {string.Join(", ", Suggestions)}";
    }

    /// <summary>One name means several policies (e.g. the CLB and ALB/NLB variants); the candidates' unique ids.</summary>
    public sealed record Ambiguous(string Name, IReadOnlyList<string> Candidates) : PolicyError
    {
        public override string Message =>
            $"'{Name}' names {Candidates.Count} policies; use one of: {string.Join(", ", Candidates)} (or give the load-balancer type)";
    }

    /// <summary>A policy file that could not be read or does not follow any accepted format.</summary>
    public sealed record InvalidFile(string Path, string Reason) : PolicyError
    {
        public override string Message => $"policy file '{Path}': {Reason}";
    }

    /// <summary>Policy data (JSON text) that breaks the schema or refers to names the registries do not know.</summary>
    public sealed record InvalidData(string Origin, string Reason) : PolicyError
    {
        public override string Message => $"{Origin}: {Reason}";
    }
}
