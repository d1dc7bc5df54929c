using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageSharePortal.TestSupport;

/// <summary>
/// The real portal on real Kestrel (loopback, a free port) in the Development environment, with the repository root as its
/// content root (the root <c>appsettings.json</c> and <c>wwwroot</c>) and a temporary data folder of its own. Each test
/// project's host gives its settings (a function of the data folder), which the test's own overrides win over.
/// </summary>
public abstract class PortalHost<TEntryPoint> : WebApplicationFactory<TEntryPoint>
    where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _ownsData;

    /// <param name="prefix">Name prefix of the temporary data folder.</param>
    /// <param name="defaults">The host's settings for a data folder.</param>
    /// <param name="overrides">The test's settings.</param>
    /// <param name="dataDirectory">An existing data folder to reuse (a "restart"); it is then left in place.</param>
    protected PortalHost(string prefix, Func<string, Dictionary<string, string?>> defaults, Dictionary<string, string?>? overrides, string? dataDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(defaults);
        _ownsData = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory(prefix).FullName;
        _settings = defaults(DataDirectory);
        foreach (var (key, value) in overrides ?? [])
        {
            _settings[key] = value;
        }

        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    /// <summary>The portal's clock, when a test moves time forward; the system clock when null.</summary>
    public ShiftedClock? Clock { get; init; }

    /// <summary>How long a stop waits for open connections (circuits) before dropping them; the host's default when null.</summary>
    public TimeSpan? ShutdownTimeout { get; init; }

    public static string RepositoryRoot => TestPaths.RepositoryRoot;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Development");
        builder.UseContentRoot(RepositoryRoot);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        }

        if (ShutdownTimeout is { } timeout)
        {
            builder.ConfigureServices(s => s.Configure<HostOptions>(o => o.ShutdownTimeout = timeout));
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
}

/// <summary>Where the repository is, found from the test's own folder.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ImageSharePortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("ImageSharePortal.sln not found above " + AppContext.BaseDirectory);
    }
}
