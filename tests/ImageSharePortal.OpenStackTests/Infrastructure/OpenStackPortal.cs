using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>
/// The real portal in OpenStack mode on real Kestrel (loopback, a free port): Keystone sign-in, the Images API at the
/// token catalog's image endpoint, no sandbox. Extra settings override (e.g. an image endpoint behind a delaying proxy).
/// </summary>
public sealed class OpenStackPortal : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings;

    public OpenStackPortal(OpenStackEnvironment environment, Dictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("isp-openstack-tests-").FullName;
        _settings = new()
        {
            ["Portal:Backend"] = "OpenStack",
            ["Portal:SignIn"] = "Keystone",
            ["Keystone:AuthUrl"] = environment.KeystoneUrl.AbsoluteUri,
            ["Keystone:Region"] = environment.Region,
            ["Keystone:DefaultUserDomain"] = environment.UserDomain,
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(DataDirectory, "portal.db")}",
            // Every test signs in from 127.0.0.1: the throttle has its own test (SignInTests).
            ["Portal:SignInAttemptLimit"] = "1000",
            // The account that ends shares and sends automatic reminders (Glance lets an admin remove any image's members).
            ["ServiceAccount:UserName"] = environment.Admin.Name,
            ["ServiceAccount:Password"] = environment.Admin.Password,
            ["ServiceAccount:ProjectName"] = environment.Admin.ProjectName,
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

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
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
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
