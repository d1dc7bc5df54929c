using System.Diagnostics;

namespace ImageSharePortal.TestSupport;

/// <summary>A child process run to its end (or killed at the time limit), with its exit code and both outputs.</summary>
public sealed record ProcessRun(int ExitCode, string Output, string Error)
{
    public static async Task<ProcessRun> RunAsync(string file, IEnumerable<string> arguments, TimeSpan limit,
        IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + file);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not end within {limit}: {await output}{await error}");
        }

        return new ProcessRun(process.ExitCode, await output, await error);
    }
}
