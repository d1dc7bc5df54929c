namespace ImageSharePortal.TestSupport;

/// <summary>Checks made before a suite that needs real servers: they fail the run with what to do, never skip.</summary>
public static class RealServers
{
    /// <summary>The artifacts folder of a suite (<c>ISP_ARTIFACTS</c>, or <c>artifacts/&lt;suite&gt;</c> at the repository root).</summary>
    public static string ArtifactsDirectory(string suite) => Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("ISP_ARTIFACTS") ?? Path.Combine(TestPaths.RepositoryRoot, "artifacts", suite)).FullName;

    /// <summary>Fails unless <paramref name="url"/> answers below 500; the message names where the settings came from and how to start the servers.</summary>
    public static async Task ExpectAnswerAsync(Uri url, string name, string settingsSource, string startCommand)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(url);
            if ((int)response.StatusCode >= 500)
            {
                throw new InvalidOperationException($"{name} at {url} answers {(int)response.StatusCode}.");
            }
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"{name} at {url} does not answer ({e.Message}). Settings came from {settingsSource}: start the servers with '{startCommand}'.", e);
        }
    }

    /// <summary>Runs a script of the repository to its end and fails with its output unless it exits 0.</summary>
    public static async Task<string> RunScriptAsync(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment, TimeSpan limit)
    {
        var list = arguments.ToList();
        var run = await ProcessRun.RunAsync(file, list, limit, environment, TestPaths.RepositoryRoot);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(list.FirstOrDefault() ?? file)} {string.Join(' ', list.Skip(1))} failed ({run.ExitCode}): {run.Error}{run.Output}");
        }

        return run.Output;
    }
}
