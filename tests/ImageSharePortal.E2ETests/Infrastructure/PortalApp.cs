using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>
/// The real portal on real Kestrel (loopback, a free port), embedded sandbox included, with its own
/// temporary data folder. The content root is the repository root: the root appsettings.json and wwwroot are used.
/// </summary>
public sealed class PortalApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsData;

    /// <param name="settings">Configuration overrides.</param>
    /// <param name="dataDirectory">An existing data folder to reuse (a "restart" of a previous instance); it is then left in place.</param>
    public PortalApp(Dictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("isp-e2e-").FullName;
        _settings = new()
        {
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(DataDirectory, "portal.db")}",
            ["Sandbox:Url"] = "http://127.0.0.1:0",
            ["Sandbox:DatabasePath"] = Path.Combine(DataDirectory, "sandbox.db"),
            ["Sandbox:Seed"] = "true",
            ["Email:MailDropFolder"] = Path.Combine(DataDirectory, "maildrop"),
            ["Email:PollInterval"] = "00:00:00.250",
            ["Email:RetryBaseDelay"] = "00:00:00.500",
            ["Email:MaxRetryDelay"] = "00:00:02",
            ["Email:SendTimeout"] = "00:00:05",
            ["AccessRequests:PermitLimit"] = "1000",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    /// <summary>How long a stop waits for open connections (circuits) before dropping them; the host's default when null.</summary>
    public TimeSpan? ShutdownTimeout { get; init; }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>The portal's clock, when a test moves time forward; the system clock when null.</summary>
    public ImageSharePortal.TestSupport.ShiftedClock? Clock { get; init; }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(RepositoryRoot);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is { } clock)
        {
            Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, s => s.AddSingleton<TimeProvider>(clock));
        }

        if (ShutdownTimeout is { } timeout)
        {
            builder.ConfigureServices(s => s.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = timeout));
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && _ownsData)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS later.
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImageSharePortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ImageSharePortal.sln not found above " + AppContext.BaseDirectory);
    }
}
