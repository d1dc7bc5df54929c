using ImageSharePortal.Web.Auth.Keystone;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace Microsoft.Extensions.DependencyInjection;

public static class KeystoneAuthenticationExtensions
{
    /// <summary>
    /// Keystone sign-in on top of the portal's cookie session: the server-side token store (also the Images API's token
    /// source), the sign-in service, cookie validation against the store, live re-checks in circuits, and a default
    /// policy that needs a chosen project.
    /// </summary>
    public static IServiceCollection AddKeystoneSignIn(this IServiceCollection services)
    {
        services.AddSingleton<KeystoneSessionStore>();
        services.AddSingleton<ISessionTokenSource>(provider => provider.GetRequiredService<KeystoneSessionStore>());
        services.AddSingleton<ISessionProjects>(provider => provider.GetRequiredService<KeystoneSessionStore>());
        services.AddScoped<KeystoneSignInService>();
        services.AddScoped<ISessionEndHandler>(provider => provider.GetRequiredService<KeystoneSignInService>());
        services.AddScoped<KeystoneCookieEvents>();
        services.AddScoped<AuthenticationStateProvider, KeystoneRevalidatingAuthenticationStateProvider>();

        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, options =>
        {
            // The ticket carries the token's expiry (minus the margin); sliding would stretch it past the token.
            options.SlidingExpiration = false;
            options.EventsType = typeof(KeystoneCookieEvents);
        });

        // Signed in but no project chosen yet is not enough for the portal's pages.
        services.Configure<AuthorizationOptions>(options =>
            options.DefaultPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(PortalClaims.ProjectId).Build());
        return services;
    }
}
