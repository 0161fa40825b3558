namespace TlsDoctor.Testing;

/// <summary>
/// Sets the process's AWS_* variables for one test and restores them after: every AWS_* variable the test does
/// not name is cleared, the shared config/credentials files point at a scratch folder (emptied for each test), and
/// instance metadata is disabled, so nothing on the machine (or 169.254.169.254) takes part. The folder is the same
/// for the whole test process because AWSSDK.Core remembers the config file's path for the life of the process
/// (it re-reads the contents). Tests using it belong to the
/// <see cref="AwsEnvironmentCollection"/> collection, which never runs in parallel with itself.
/// </summary>
public sealed class AwsEnvironment : IDisposable
{
    private readonly Dictionary<string, string?> _saved = new();

    public AwsEnvironment(params (string Name, string? Value)[] variables)
    {
        // Empty, not absent: an absent file at the SDK's first look makes it settle on ~/.aws/config for good.
        File.WriteAllText(ConfigFile, "");
        File.WriteAllText(CredentialsFile, "");
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("AWS_", StringComparison.Ordinal)))
            Set(name, null);
        Set("AWS_CONFIG_FILE", Path.Combine(Folder, "config"));
        Set("AWS_SHARED_CREDENTIALS_FILE", Path.Combine(Folder, "credentials"));
        Set("AWS_EC2_METADATA_DISABLED", "true");
        foreach (var (name, value) in variables) Set(name, value);
    }

    /// <summary>Scratch folder holding the (initially empty) shared config and credentials files.</summary>
    public string Folder => ProcessFolder.Value;

    private static readonly Lazy<string> ProcessFolder = new(() => Directory.CreateTempSubdirectory("tlsdoctor-aws-").FullName);

    public string ConfigFile => Path.Combine(Folder, "config");
    public string CredentialsFile => Path.Combine(Folder, "credentials");

    /// <summary>The variables as a child process (the AWS CLI) should see them.</summary>
    public IReadOnlyDictionary<string, string?> Variables => _saved.Keys.ToDictionary(k => k, Environment.GetEnvironmentVariable);

    public void Set(string name, string? value)
    {
        if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose()
    {
        foreach (var (name, value) in _saved) Environment.SetEnvironmentVariable(name, value);
    }
}

/// <summary>Tests that change the process's AWS_* variables run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AwsEnvironmentCollection
{
    public const string Name = "AWS environment";
}
