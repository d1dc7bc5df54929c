using System.Security.Claims;
using ImageSharePortal.Sandbox;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace ImageSharePortal.Web.Auth;

/// <summary>Persona sign-in for the embedded sandbox: the person picks a demo user; the session carries that user's project.</summary>
public static class DevelopmentSignIn
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

    public static IEndpointRouteBuilder MapDevelopmentSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/persona", async (HttpContext http, [FromForm] string? persona, [FromForm] string? returnUrl) =>
        {
            var user = SandboxDirectory.Users.FirstOrDefault(u => u.Name == persona);
            if (user is null)
            {
                return Results.Redirect("/account/signin?error=unknown-persona");
            }

            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalFor(user));
            return Results.LocalRedirect(SafeReturnUrl(returnUrl));
        });
        return endpoints;
    }

    /// <summary>Only local paths: an absolute or protocol-relative URL would be an open redirect.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}
