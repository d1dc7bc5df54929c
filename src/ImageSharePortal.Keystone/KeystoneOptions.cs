using System.ComponentModel.DataAnnotations;

namespace ImageSharePortal.Keystone;

/// <summary>
/// Where Keystone is and how to reach the cloud's services. Bound from the <c>Keystone</c> section, over the usual
/// <c>OS_*</c> variables, over a <c>clouds.yaml</c> entry (see <see cref="KeystoneOptionsSetup"/>).
/// </summary>
public sealed class KeystoneOptions
{
    public const string SectionName = "Keystone";

    public static readonly IReadOnlyList<string> Interfaces = ["public", "internal", "admin"];

    /// <summary>Keystone's URL, e.g. <c>https://keystone.example:5000/v3</c> (<c>/v3</c> is added when missing).</summary>
    public Uri? AuthUrl { get; set; }

    /// <summary>Region of the catalog endpoints to use; empty = the first image endpoint of the interface.</summary>
    public string? Region { get; set; }

    /// <summary>Catalog interface: <c>public</c> (default), <c>internal</c> or <c>admin</c>.</summary>
    public string Interface { get; set; } = "public";

    /// <summary>Explicit Images API URL; when set, the catalog's image endpoint is not used.</summary>
    public Uri? ImageEndpoint { get; set; }

    /// <summary>Check the TLS certificates of Keystone and Glance. Only a test cloud should ever turn this off.</summary>
    public bool VerifyTls { get; set; } = true;

    /// <summary>PEM file with the CA certificates that sign the cloud's certificates (instead of the system's).</summary>
    public string? CaBundlePath { get; set; }

    /// <summary>The user domain offered on the sign-in form.</summary>
    public string DefaultUserDomain { get; set; } = "Default";

    /// <summary>Name of a <c>clouds.yaml</c> entry to read (also <c>OS_CLOUD</c>).</summary>
    public string? Cloud { get; set; }

    /// <summary>The <c>clouds.yaml</c> file (also <c>OS_CLIENT_CONFIG_FILE</c>); empty = the usual places.</summary>
    public string? CloudsFile { get; set; }

    /// <summary>Timeout of one Keystone call.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A session whose token has less than this left is sent to sign in again (the password is never kept).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often a live page re-checks that its session's token is still good.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><see cref="AuthUrl"/> as the client's base address: <c>.../v3</c>, without a trailing slash.</summary>
    public static Uri NormalizeAuthUrl(Uri authUrl)
    {
        ArgumentNullException.ThrowIfNull(authUrl);
        var text = authUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (!text.EndsWith("/v3", StringComparison.OrdinalIgnoreCase))
        {
            text += "/v3";
        }

        return new Uri(text);
    }
}
