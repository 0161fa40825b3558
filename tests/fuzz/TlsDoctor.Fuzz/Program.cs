using SharpFuzz;
using TlsDoctor.Fuzz;

// Usage: TlsDoctor.Fuzz record|clienthello|serverhello|any|awsxml   (input on stdin, as AFL++ supplies it)
// The decoders promise typed failures on any input: every exception that escapes is a finding.
var target = args.Length > 0 ? args[0] : "any";
Action<ReadOnlyMemory<byte>> run = target switch
{
    "record" => Targets.Record,
    "clienthello" => Targets.ClientHello,
    "serverhello" => Targets.ServerHello,
    "any" => Targets.Any,
    "awsxml" => AwsTargets.Xml,
    _ => throw new ArgumentException($"unknown target '{target}' (record, clienthello, serverhello, any, awsxml)"),
};
if (Environment.GetEnvironmentVariable("TLSDOCTOR_FUZZ_REPLAY") is { Length: > 0 } file)
{
    run(File.ReadAllBytes(file));
    return;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    run(buffer.ToArray());
});
