using System.Security.Claims;
using ImageSharePortal.Sandbox;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Antiforgery;

namespace ImageSharePortal.Web.Embedded;

/// <summary>Persona sign-in for the embedded sandbox: the person picks a demo user; the session carries that user's project.</summary>
public static class PersonaSignIn
{
    public static ClaimsPrincipal PrincipalFor(SandboxUser user)
    {
        var project = SandboxDirectory.FindProject(user.ProjectId)
            ?? throw new InvalidOperationException($"Persona {user.Name} has no project.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, user.DisplayName),
            new(ClaimTypes.NameIdentifier, user.Id),
            new(PortalClaims.UserId, user.Id),
            new(PortalClaims.Email, user.Email),
            new(PortalClaims.ProjectId, project.Id),
            new(PortalClaims.ProjectName, project.Name),
            new(PortalClaims.SessionId, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(user.Roles.Select(r => new Claim(PortalClaims.Role, r)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "persona", ClaimTypes.Name, PortalClaims.Role));
    }

    public static IEndpointRouteBuilder MapPersonaSignIn(this IEndpointRouteBuilder endpoints)
    {
        // The handler checks antiforgery itself, so a stale form gets a sentence instead of a bare 400.
        endpoints.MapPost("/account/persona", async (HttpContext http, IAntiforgery antiforgery) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Redirect("/account/signin?error=form-expired");
            }

            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var user = SandboxDirectory.Users.FirstOrDefault(u => u.Name == form["persona"].ToString());
            if (user is null)
            {
                return Results.Redirect("/account/signin?error=unknown-persona");
            }

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(user));
            return Results.LocalRedirect(ReturnUrls.Safe(form["returnUrl"].ToString()));
        }).DisableAntiforgery();
        return endpoints;
    }
}
