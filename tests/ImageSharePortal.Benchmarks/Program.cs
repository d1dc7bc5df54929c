using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/ImageSharePortal.Benchmarks -- --filter '*'
// dotnet run -c Release --project tests/ImageSharePortal.Benchmarks -- raw-server <body file> <port> [content-encoding]   (scripts/bench/catalogue.sh)
// dotnet run -c Release --project tests/ImageSharePortal.Benchmarks -- circuits <portal url> <portal pid> [path] [counts]   (scripts/bench/circuits.sh)
if (!RawKestrel.TryRun(args) && !await CircuitHeap.TryRunAsync(args))
{
    BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

/// <summary>Entry point of the benchmarks.</summary>
public partial class Program;
