using System.ComponentModel.DataAnnotations;

namespace ImageSharePortal.Web.Auth.Organisation;

/// <summary>
/// Organisation sign-in beyond the usual <c>AzureAd</c> section (which Microsoft.Identity.Web reads): the API scope
/// whose access token Keystone accepts, Keystone's federation objects, and the trust of the provider's TLS.
/// </summary>
public sealed class OrganisationOptions
{
    public const string SectionName = "Organisation";

    /// <summary>The portal API's delegated scope, e.g. <c>api://image-share-portal/access_as_user</c>: its access token goes to Keystone.</summary>
    [Required(ErrorMessage = "Organisation:ApiScope is required: the scope of the access token Keystone's federation accepts (api://<app>/access_as_user).")]
    public string? ApiScope { get; set; }

    /// <summary>Keystone's identity provider id for the organisation (<c>/v3/OS-FEDERATION/identity_providers/{id}</c>).</summary>
    [Required(ErrorMessage = "Organisation:KeystoneIdentityProvider is required: the id of Keystone's identity provider for the organisation.")]
    public string? KeystoneIdentityProvider { get; set; }

    /// <summary>Keystone's federation protocol for it (the one whose mapping turns claims into groups).</summary>
    [Required]
    public string KeystoneProtocol { get; set; } = "openid";

    /// <summary>A PEM bundle of extra CAs to trust for the provider (metadata, keys, token endpoint); the system's roots always count.</summary>
    public string? CaBundlePath { get; set; }

    /// <summary>Renew the access token (refresh token) and the Keystone tokens this long before they expire.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RenewalMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Relaxations for a provider on loopback in tests: refused at start-up outside the Development environment.</summary>
    public OrganisationTestingOptions Testing { get; set; } = new();
}

public sealed class OrganisationTestingOptions
{
    /// <summary>Accept provider metadata over plain http (a test provider without TLS).</summary>
    public bool AllowHttpMetadata { get; set; }

    /// <summary>
    /// Validate the ID token's issuer against the provider's metadata only, instead of Microsoft.Identity.Web's Entra
    /// issuer validator (which needs an Entra-shaped issuer with a <c>tid</c>).
    /// </summary>
    public bool MetadataIssuerValidation { get; set; }

    public bool Any => AllowHttpMetadata || MetadataIssuerValidation;
}
