using ImageSharePortal.Keystone;
using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Auth.Organisation;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Microsoft.Extensions.DependencyInjection;

public static class OrganisationAuthenticationExtensions
{
    /// <summary>The named HttpClient for the provider's back channel (metadata, keys, token endpoint, issuer validator).</summary>
    public const string ProviderHttpClient = "isp.organisation";

    /// <summary>
    /// Organisation sign-in: Microsoft.Identity.Web's OpenID Connect handler (authorization code + PKCE, the
    /// <c>AzureAd</c> section) asks for the portal API's scope; when the provider's answer is validated, the access
    /// token is exchanged at Keystone's federation API and the portal's own cookie is issued as for Keystone sign-in.
    /// No MSAL token cache: MSAL's instance discovery needs login.microsoftonline.com, and the only token the portal
    /// needs (for Keystone) comes with the code redemption; renewal uses the refresh token against the token endpoint.
    /// </summary>
    public static AuthenticationBuilder AddOrganisationSignIn(this AuthenticationBuilder builder, IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var services = builder.Services;
        var section = configuration.GetSection(OrganisationOptions.SectionName);
        var organisation = section.Get<OrganisationOptions>() ?? new OrganisationOptions();
        if (organisation.Testing.Any && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Organisation:Testing relaxations (AllowHttpMetadata, MetadataIssuerValidation) are set but the environment is '{environment.EnvironmentName}'. " +
                "They exist for a test provider on loopback and are refused outside the Development environment: remove them.");
        }

        services.AddOptions<OrganisationOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<OrganisationSignInService>();
        services.AddSingleton<OrganisationTokenRenewal>();
        services.AddSingleton<ISessionRenewal>(provider => provider.GetRequiredService<OrganisationTokenRenewal>());
        services.AddHttpClient(ProviderHttpClient)
            .ConfigurePrimaryHttpMessageHandler(provider => CloudTls.CreateHandler(provider.GetRequiredService<IOptions<OrganisationOptions>>().Value.CaBundlePath));

        // The portal's cookie scheme already exists: Microsoft.Identity.Web must not add another one.
        builder.AddMicrosoftIdentityWebApp(configuration.GetSection("AzureAd"), OpenIdConnectDefaults.AuthenticationScheme, cookieScheme: null);
        services.Configure<AadIssuerValidatorOptions>(options => options.HttpClientName = ProviderHttpClient);

        // Runs after Microsoft.Identity.Web's own configuration of the handler (registered after it).
        services.AddOptions<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme)
            .Configure<IOptions<OrganisationOptions>>((options, organisationOptions) =>
            {
                var settings = organisationOptions.Value;
                options.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                options.ResponseType = OpenIdConnectResponseType.Code;
                options.UsePkce = true;
                options.SaveTokens = false;
                options.MapInboundClaims = false;
                foreach (var scope in new[] { "openid", "profile", "offline_access", settings.ApiScope })
                {
                    if (!string.IsNullOrWhiteSpace(scope) && !options.Scope.Contains(scope))
                    {
                        options.Scope.Add(scope);
                    }
                }

                options.BackchannelHttpHandler = CloudTls.CreateHandler(settings.CaBundlePath);

                // With response_mode=query the provider's answer is a top-level GET: Lax cookies come back, and on a
                // plain-http loopback test host the correlation and nonce cookies are not dropped for lacking Secure.
                if (options.ResponseMode == OpenIdConnectResponseMode.Query)
                {
                    options.CorrelationCookie.SameSite = SameSiteMode.Lax;
                    options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                    options.NonceCookie.SameSite = SameSiteMode.Lax;
                    options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                }

                if (settings.Testing.AllowHttpMetadata)
                {
                    options.RequireHttpsMetadata = false;
                }

                if (settings.Testing.MetadataIssuerValidation)
                {
                    options.TokenValidationParameters.IssuerValidator = null;
                }

                var validated = options.Events.OnTokenValidated;
                options.Events.OnTokenValidated = async context =>
                {
                    await validated(context);
                    await OrganisationSignInEvents.TokenValidatedAsync(context);
                };
                // RP-initiated logout names the client instead of sending the ID token (which never leaves the server).
                var signingOut = options.Events.OnRedirectToIdentityProviderForSignOut;
                options.Events.OnRedirectToIdentityProviderForSignOut = async context =>
                {
                    await signingOut(context);
                    context.ProtocolMessage.IdTokenHint = null;
                    context.ProtocolMessage.ClientId = context.Options.ClientId;
                };
                var failed = options.Events.OnRemoteFailure;
                options.Events.OnRemoteFailure = async context =>
                {
                    await failed(context);
                    if (!context.Result?.Handled ?? true)
                    {
                        OrganisationSignInEvents.RemoteFailure(context);
                    }
                };
            });
        return builder;
    }

    /// <summary>
    /// <c>GET /account/organisation?returnUrl=</c> (also the cookie's login path): off to the provider, back to the page.
    /// With <c>account=another</c> the provider is asked for a login (<c>prompt=login</c>), not its single sign-on, so a
    /// person whose account has no project can sign in as someone else. A provider that does not answer is a message on
    /// the sign-in page, not an error page.
    /// </summary>
    public static IEndpointRouteBuilder MapOrganisationSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(OrganisationSignInEvents.LoginPath, async (HttpContext http, string? returnUrl, string? account) =>
        {
            var properties = new OpenIdConnectChallengeProperties { RedirectUri = ReturnUrls.Safe(returnUrl) };
            if (account == "another")
            {
                properties.Prompt = OpenIdConnectPrompt.Login;
            }

            try
            {
                await http.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme, properties);
                return Results.Empty;
            }
            catch (Exception e) when (OrganisationSignInEvents.IsProviderUnreachable(e))
            {
                OrganisationSignInEvents.LogProviderDown(http, e);
                return Results.Redirect(SignInPageWith(OrganisationSignInEvents.ProviderErrorCode(e), returnUrl));
            }
        });
        return endpoints.MapKeystoneProjectSwitch();
    }

    internal static string SignInPageWith(string error, string? returnUrl) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/account/signin", new Dictionary<string, string?>
        {
            ["error"] = error,
            ["returnUrl"] = ReturnUrls.Safe(returnUrl),
        });
}
