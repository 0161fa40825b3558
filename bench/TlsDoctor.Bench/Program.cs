using BenchmarkDotNet.Running;

if (args is ["generate-logs", .. var rest]) { TlsDoctor.Bench.LogBenchData.Generate(rest); return; }

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
