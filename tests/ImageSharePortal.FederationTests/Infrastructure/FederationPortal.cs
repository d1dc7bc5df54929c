using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ImageSharePortal.FederationTests.Infrastructure;

/// <summary>
/// The real portal with organisation sign-in on real Kestrel (loopback, a free port: the provider accepts any port for
/// <c>http://127.0.0.1/signin-oidc</c>), federated to the real Keystone, Glance from the token's catalog. The test CA
/// is given to the portal (Organisation:CaBundlePath), never trusted by turning validation off.
/// </summary>
public sealed class FederationPortal : WebApplicationFactory<Program>
{
    public const string SupportContact = "the ImageShare team (imageshare-help@example.test)";

    private readonly Dictionary<string, string?> _settings;

    public FederationPortal(FederationEnvironment environment, Dictionary<string, string?>? settings = null)
    {
        DataDirectory = Directory.CreateTempSubdirectory("isp-federation-tests-").FullName;
        _settings = new()
        {
            ["Portal:Backend"] = "OpenStack",
            ["Portal:SignIn"] = "Organisation",
            ["Portal:SupportContact"] = SupportContact,
            ["Keystone:AuthUrl"] = environment.KeystoneUrl.AbsoluteUri,
            ["Keystone:Region"] = environment["ISP_FED_REGION"],
            ["AzureAd:Instance"] = environment["ISP_FED_INSTANCE"],
            ["AzureAd:TenantId"] = environment["ISP_FED_TENANT_ID"],
            ["AzureAd:ClientId"] = environment["ISP_FED_CLIENT_ID"],
            ["AzureAd:ClientSecret"] = environment["ISP_FED_CLIENT_SECRET"],
            ["AzureAd:CallbackPath"] = environment["ISP_FED_CALLBACK_PATH"],
            ["AzureAd:ResponseMode"] = "query",
            ["Organisation:ApiScope"] = environment["ISP_FED_API_SCOPE"],
            ["Organisation:KeystoneIdentityProvider"] = environment["ISP_FED_IDP"],
            ["Organisation:KeystoneProtocol"] = environment["ISP_FED_PROTOCOL"],
            ["Organisation:CaBundlePath"] = environment["ISP_FED_CA_CERT"],
            ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(DataDirectory, "portal.db")}",
        };
        foreach (var (key, value) in settings ?? [])
        {
            _settings[key] = value;
        }

        UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
    }

    public string DataDirectory { get; }

    public Uri BaseAddress => ClientOptions.BaseAddress;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseContentRoot(RepositoryRoot);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
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
