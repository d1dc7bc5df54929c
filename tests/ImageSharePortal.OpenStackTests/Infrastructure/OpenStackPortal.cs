namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>
/// The real portal in OpenStack mode (see <see cref="PortalHost{TEntryPoint}"/>): Keystone sign-in, the Images API at the token
/// catalog's image endpoint, no sandbox. Extra settings override (e.g. an image endpoint behind a delaying proxy).
/// </summary>
public sealed class OpenStackPortal(OpenStackEnvironment environment, Dictionary<string, string?>? settings = null)
    : PortalHost<Program>("isp-openstack-tests-", data => Defaults(environment, data), settings)
{
    private static Dictionary<string, string?> Defaults(OpenStackEnvironment environment, string data) => new()
    {
        ["Portal:Backend"] = "OpenStack",
        ["Portal:SignIn"] = "Keystone",
        ["Keystone:AuthUrl"] = environment.KeystoneUrl.AbsoluteUri,
        ["Keystone:Region"] = environment.Region,
        ["Keystone:DefaultUserDomain"] = environment.UserDomain,
        ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(data, "portal.db")}",
        // Every test signs in from 127.0.0.1: the throttle has its own test (SignInTests).
        ["Portal:SignInAttemptLimit"] = "1000",
        // The account that ends shares and sends automatic reminders (Glance lets an admin remove any image's members).
        ["ServiceAccount:UserName"] = environment.Admin.Name,
        ["ServiceAccount:Password"] = environment.Admin.Password,
        ["ServiceAccount:ProjectName"] = environment.Admin.ProjectName,
    };
}
