using ImageSharePortal.Web.Auth.Keystone;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.WebUtilities;

namespace ImageSharePortal.Web.Auth.Organisation;

/// <summary>What the OpenID Connect handler does at the portal's end of the sign-in.</summary>
internal static partial class OrganisationSignInEvents
{
    public const string LoginPath = "/account/organisation";

    /// <summary>
    /// The provider's answer is validated: exchange its access token at Keystone and replace the provider's principal
    /// with the portal's (as Keystone sign-in builds it). Refusals end on a page that says what happened.
    /// </summary>
    public static async Task TokenValidatedAsync(TokenValidatedContext context)
    {
        var http = context.HttpContext;
        var signIn = http.RequestServices.GetRequiredService<OrganisationSignInService>();
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var returnUrl = ReturnUrls.Safe(context.Properties?.RedirectUri);

        // A new sign-in replaces this browser's previous session, whose tokens are revoked.
        var previous = await http.AuthenticateAsync(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme);
        if (previous.Principal?.FindFirst(PortalClaims.SessionId)?.Value is { } previousSession)
        {
            await http.RequestServices.GetRequiredService<KeystoneSignInService>().EndSessionAsync(previousSession, http.RequestAborted);
        }

        var response = context.TokenEndpointResponse;
        DateTimeOffset? expiresAt = int.TryParse(response?.ExpiresIn, out var seconds) ? time.GetUtcNow().AddSeconds(seconds) : null;
        var email = context.Principal?.FindFirst("email")?.Value ?? context.Principal?.FindFirst(System.Security.Claims.ClaimTypes.Email)?.Value;
        var validEmail = email is not null && Features.Shared.EmailAddresses.Validate(email).Error is null ? email : null;
        var result = await signIn.SignInAsync(response?.AccessToken, response?.RefreshToken, expiresAt, project: null, validEmail, http.RequestAborted);
        switch (result.Step)
        {
            case KeystoneSignInStep.SignedIn or KeystoneSignInStep.ChooseProject:
                context.Principal = result.Principal;
                var properties = context.Properties ?? new AuthenticationProperties();
                properties.IsPersistent = result.Properties?.IsPersistent ?? false;
                properties.AllowRefresh = result.Properties?.AllowRefresh;
                properties.ExpiresUtc = result.Properties?.ExpiresUtc;
                properties.RedirectUri = result.Step == KeystoneSignInStep.ChooseProject
                    ? QueryHelpers.AddQueryString("/account/projects", "returnUrl", returnUrl)
                    : returnUrl;
                context.Properties = properties;
                break;
            case KeystoneSignInStep.NoProjects:
                context.Response.Redirect("/account/no-projects?reason=organisation");
                context.HandleResponse();
                break;
            default:
                context.Response.Redirect(result.Error == SignInErrors.NotMapped
                    ? "/account/no-projects?reason=not-mapped"
                    : OrganisationAuthenticationExtensions.SignInPageWith(result.Error ?? SignInErrors.ProviderFailed, returnUrl));
                context.HandleResponse();
                break;
        }
    }

    /// <summary>The provider's answer could not be used (an error from the provider, a failed code redemption, a refused ID token).</summary>
    public static void RemoteFailure(RemoteFailureContext context)
    {
        var logger = context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrganisationSignInEvents));
        LogRemoteFailure(logger, context.Failure?.GetType().Name ?? "unknown", context.Failure?.Message ?? "");
        var error = context.Failure is { } failure && IsProviderUnreachable(failure) ? ProviderErrorCode(failure) : SignInErrors.ProviderFailed;
        context.Response.Redirect(OrganisationAuthenticationExtensions.SignInPageWith(error, context.Properties?.RedirectUri));
        context.HandleResponse();
    }

    /// <summary>The provider (metadata, keys, token endpoint) did not answer, or its TLS certificate was not trusted.</summary>
    public static bool IsProviderUnreachable(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or TaskCanceledException or System.Security.Authentication.AuthenticationException
                || current.Message.StartsWith("IDX20803", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An untrusted certificate is a setting to fix (Organisation:CaBundlePath), not a provider that is down.</summary>
    public static string ProviderErrorCode(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            if (current is System.Security.Authentication.AuthenticationException)
            {
                return SignInErrors.ProviderUntrusted;
            }
        }

        return SignInErrors.ProviderDown;
    }

    public static void LogProviderDown(HttpContext http, Exception e)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OrganisationSignInEvents));
        LogUnreachable(logger, e.GetType().Name, e.GetBaseException().Message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organisation sign-in failed at the portal's callback ({ExceptionType}): {Message}")]
    private static partial void LogRemoteFailure(ILogger logger, string exceptionType, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The organisation's sign-in service did not answer ({ExceptionType}): {Message}")]
    private static partial void LogUnreachable(ILogger logger, string exceptionType, string message);
}
