using ImageSharePortal.Web.Features.Projects;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ImageSharePortal.Web.Auth;

/// <summary>
/// Cookie events of every sign-in mode: each sign-in (persona, Keystone, organisation, a project switch) tells the
/// project directory the project's name and the person's email, so other people see names instead of IDs.
/// </summary>
internal class PortalCookieEvents(ProjectDirectory directory) : CookieAuthenticationEvents
{
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
