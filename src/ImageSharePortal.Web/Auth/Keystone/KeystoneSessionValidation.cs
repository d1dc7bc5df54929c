using ImageSharePortal.Keystone;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.WebUtilities;

namespace ImageSharePortal.Web.Auth.Keystone;

/// <summary>
/// Every request with a session cookie: the session must still be in the store with a fresh token for the cookie's
/// project. Otherwise (portal restarted, token about to expire) the cookie is dropped and the person signs in again,
/// coming back to the page they asked for.
/// </summary>
internal sealed class KeystoneCookieEvents(KeystoneSessionStore store, KeystoneSignInService signIn, IEnumerable<ISessionRenewal> renewals, ProjectDirectory directory, SignedOutSessions signedOut)
    : PortalCookieEvents(directory, signedOut)
{
    private const string SessionEndedKey = "isp:keystone-session-ended";

    /// <summary>True when this request's cookie was just dropped because its session ended.</summary>
    public static bool SessionEnded(HttpContext? http) => http?.Items.ContainsKey(SessionEndedKey) == true;

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (store.IsUsable(context.Principal))
        {
            return;
        }

        // Organisation sign-in renews silently; the cookie then lives as long as the new token.
        foreach (var renewal in renewals)
        {
            if (context.Principal is { } principal && await renewal.TryRenewAsync(principal, context.HttpContext.RequestAborted) is { } expiresAt)
            {
                context.Properties.ExpiresUtc = expiresAt;
                context.ShouldRenew = true;
                return;
            }
        }

        if (context.Principal?.FindFirst(PortalClaims.SessionId)?.Value is { } sessionId)
        {
            await signIn.EndSessionAsync(sessionId, context.HttpContext.RequestAborted);
        }

        context.HttpContext.Items[SessionEndedKey] = true;
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (SessionEnded(context.HttpContext))
        {
            context.RedirectUri = QueryHelpers.AddQueryString(context.RedirectUri, "error", SignInErrors.SessionEnded);
        }

        return base.RedirectToLogin(context);
    }
}

/// <summary>
/// Live pages (circuits) re-check their session every <see cref="KeystoneOptions.SessionCheckInterval"/>: when its
/// token is about to expire, the page loses its sign-in and sends the person to sign in again with a return URL.
/// </summary>
internal sealed class KeystoneRevalidatingAuthenticationStateProvider(
    ILoggerFactory loggerFactory, KeystoneSessionStore store, IOptions<KeystoneOptions> options, IEnumerable<ISessionRenewal> renewals)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => options.Value.SessionCheckInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true || store.IsUsable(user))
        {
            return true;
        }

        // A live page of an organisation session renews its tokens in place (the cookie is renewed at the next request).
        foreach (var renewal in renewals)
        {
            if (await renewal.TryRenewAsync(user, cancellationToken) is not null)
            {
                return true;
            }
        }

        return false;
    }
}
