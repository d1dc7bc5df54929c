using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ImageSharePortal.Web.Auth;

/// <summary>
/// Cookie events of every sign-in mode: each sign-in (persona, Keystone, organisation, a project switch) tells the
/// project directory the project's name and the person's email, so other people see names instead of IDs; a cookie of a
/// session that signed out is refused.
/// </summary>
internal class PortalCookieEvents(ProjectDirectory directory, SignedOutSessions signedOut) : CookieAuthenticationEvents
{
    /// <summary>A cookie of a session that signed out (a copy kept from before) no longer signs anyone in.</summary>
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await signedOut.IsSignedOutAsync(context.Principal?.FindFirst(PortalClaims.SessionId)?.Value, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        await base.ValidatePrincipal(context);
    }

    public override async Task SignedIn(CookieSignedInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (PortalIdentity.From(context.Principal) is { } who)
        {
            await directory.RecordAsync(who, ProjectDirectory.FromSignIn, context.HttpContext.RequestAborted);
        }

        await base.SignedIn(context);
    }
}
