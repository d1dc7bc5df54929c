namespace ImageSharePortal.FederationTests.Infrastructure;

/// <summary>
/// The real portal with organisation sign-in on real Kestrel (loopback, a free port: the provider accepts any port for
/// <c>http://127.0.0.1/signin-oidc</c>), federated to the real Keystone, Glance from the token's catalog. The test CA
/// is given to the portal (Organisation:CaBundlePath), never trusted by turning validation off.
/// </summary>
public sealed class FederationPortal(FederationEnvironment environment, Dictionary<string, string?>? settings = null)
    : PortalHost<Program>("isp-federation-tests-", data => Defaults(environment, data), settings)
{
    public const string SupportContact = "the ImageShare team (imageshare-help@example.test)";

    private static Dictionary<string, string?> Defaults(FederationEnvironment environment, string data) => new()
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
        ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(data, "portal.db")}",
    };
}
