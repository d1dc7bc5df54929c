using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The portal's host as Program builds it (not started), from in-memory settings.</summary>
internal static class PortalBuild
{
    /// <summary>Builds with <paramref name="settings"/> over <paramref name="defaults"/> (a null value removes a default).</summary>
    public static WebApplication Build(string contentRoot, string environment, IReadOnlyDictionary<string, string?> defaults, IReadOnlyDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = contentRoot });
        var config = new Dictionary<string, string?>(defaults);
        foreach (var (key, value) in settings)
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        builder.AddImageSharePortal();
        return builder.Build();
    }
}
