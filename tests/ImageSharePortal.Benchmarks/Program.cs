using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ImageSharePortal.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point of the benchmarks.</summary>
public partial class Program;
