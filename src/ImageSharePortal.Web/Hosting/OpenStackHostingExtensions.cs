using ImageSharePortal.Keystone;
using Refit;

namespace Microsoft.AspNetCore.Builder;

public static class OpenStackHostingExtensions
{
    /// <summary>
    /// OpenStack mode: Keystone (client, options) and the Images API with each caller's project-scoped token
    /// (<c>X-Auth-Token</c>) at the catalog's image endpoint, over the cloud's TLS settings (the sign-in mode's own
    /// registration adds the token store). The sandbox is not registered.
    /// </summary>
    public static IServiceCollection AddOpenStackBackend(this IServiceCollection services, IConfiguration configuration, PortalOptions portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        if (portal.SignIn is not (SignInMode.Keystone or SignInMode.Organisation))
        {
            throw new InvalidOperationException(
                $"Portal:Backend is 'OpenStack' but Portal:SignIn is '{portal.SignIn}'. A real Glance needs each person's Keystone token: " +
                "set Portal:SignIn=Keystone (user name and password) or Organisation (Entra ID federated to Keystone).");
        }

        services.AddKeystone(configuration);
        services.PostConfigure<ImagesApiOptions>(options => options.Authentication = ImagesAuthentication.KeystoneToken);
        services.AddHttpClient(UniqueName.ForType<IGlanceImagesApi>())
            .ConfigurePrimaryHttpMessageHandler(provider => CloudTls.CreateHandler(provider.GetRequiredService<IOptions<KeystoneOptions>>().Value));
        return services;
    }
}
