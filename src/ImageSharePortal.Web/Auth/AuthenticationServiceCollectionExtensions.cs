using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Auth.Organisation;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Microsoft.Extensions.DependencyInjection;

public static class AuthenticationServiceCollectionExtensions
{
    /// <summary>Cookie session + the configured sign-in mode. Persona sign-in is refused outside Development.</summary>
    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment) =>
        services.AddPortalAuthentication(configuration, environment, PortalOptions.From(configuration));

    /// <summary>
    /// Cookie session + the sign-in mode of <paramref name="portal"/>, each mode one registration of its services and its
    /// endpoints (<see cref="SignInEndpoints"/>, mapped by <see cref="MapPortalAccount"/>).
    /// </summary>
    public static IServiceCollection AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, PortalOptions portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        if (portal.SignIn == SignInMode.Development && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Portal:SignIn is 'Development' (demo personas) but the environment is '{environment.EnvironmentName}'. " +
                "Persona sign-in is only allowed in the Development environment: configure Keystone sign-in for this environment.");
        }

        var authentication = services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                // Organisation sign-in goes straight to the provider (single sign-on brings the person back in place).
                options.LoginPath = portal.SignIn == SignInMode.Organisation ? OrganisationSignInEvents.LoginPath : "/account/signin";
                options.LogoutPath = "/account/signout";
                options.AccessDeniedPath = "/account/signin";
                options.Cookie.Name = PortalClaims.SessionCookie;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.SlidingExpiration = true;
                options.ExpireTimeSpan = TimeSpan.FromHours(8);
                options.EventsType = typeof(PortalCookieEvents);
            });
        services.AddScoped<PortalCookieEvents>();
        switch (portal.SignIn)
        {
            case SignInMode.Development:
#if EMBEDDED_DEFAULT
                services.AddPersonaSignIn();
                break;
#else
                throw new InvalidOperationException(PortalStartup.LeftOut("Portal:SignIn is 'Development' (demo personas)", "Set Portal:SignIn=Keystone or Organisation."));
#endif
            case SignInMode.Keystone:
                services.AddKeystoneSignIn();
                services.AddSingleton(new SignInEndpoints(SignInMode.Keystone, endpoints => endpoints.MapKeystoneSignIn(), typeof(ImageSharePortal.Web.Features.Account.KeystoneSignInForm)));
                break;
            case SignInMode.Organisation:
                services.AddKeystoneSignIn();
                authentication.AddOrganisationSignIn(configuration, environment);
                services.AddSingleton(new SignInEndpoints(SignInMode.Organisation, endpoints => endpoints.MapOrganisationSignIn(), typeof(ImageSharePortal.Web.Features.Account.OrganisationSignInLink)));
                break;
        }

        services.AddAuthorization();
        services.AddCascadingAuthenticationState();
        services.AddDistributedMemoryCache(); // kept when Redis registered its cache first
        services.AddSingleton<SignedOutSessions>();
        services.AddSingleton<ISessionEndHandler, SignedOutSessionEnd>();
        services.AddScoped<ICurrentIdentity, CurrentIdentity>();
        services.AddScoped<IImagesCallerAccessor, SessionImagesCallerAccessor>();
        return services;
    }

    /// <summary>The sign-in mode's endpoints (as registered), and sign-out.</summary>
    public static IEndpointRouteBuilder MapPortalAccount(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var signIn = endpoints.ServiceProvider.GetRequiredService<SignInEndpoints>();
        signIn.Map(endpoints);

        // Sign-out is a form post with antiforgery like any other: a forged cross-site post does not end the session.
        endpoints.MapPost("/account/signout", async (HttpContext http, IAntiforgery antiforgery, IEnumerable<ISessionEndHandler> sessionEnds) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.LocalRedirect("/");
            }

            if (http.User.FindFirst(PortalClaims.SessionId)?.Value is { } sessionId)
            {
                foreach (var end in sessionEnds)
                {
                    await end.EndSessionAsync(sessionId, http.RequestAborted);
                }
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (signIn.Mode == SignInMode.Organisation)
            {
                // Also at the provider (RP-initiated logout): without it the next click signs the same person in again,
                // with no form, and on a shared computer the next person gets the first one's project.
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectDefaults.AuthenticationScheme]);
            }

            return Results.LocalRedirect("/");
        }).DisableAntiforgery();
        return endpoints;
    }
}

/// <summary>
/// The sign-in mode the portal runs, how its endpoints are mapped, and the component the sign-in page shows (with
/// <c>ReturnUrl</c> and <c>Error</c> parameters): chosen once, where the mode's services are registered.
/// </summary>
public sealed record SignInEndpoints(SignInMode Mode, Action<IEndpointRouteBuilder> Map, Type Form);
