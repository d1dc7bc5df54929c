using System.Security.Claims;

namespace ImageSharePortal.Web.Auth;

/// <summary>Claim types the portal puts in its session cookie. The acting project is read only from these.</summary>
public static class PortalClaims
{
    public const string ProjectId = "isp:project_id";
    public const string ProjectName = "isp:project_name";
    public const string UserId = "isp:user_id";
    public const string Role = "isp:role";
    public const string Email = ClaimTypes.Email;
    public const string SessionId = "isp:session_id";
    public const string ProjectDomain = "isp:project_domain";

    /// <summary>The session cookie's name (split into <c>isp.sessionC1</c>… when large; the first part keeps this name).</summary>
    public const string SessionCookie = "isp.session";
}

/// <summary>The signed-in person and the project they act for, as read from the session.</summary>
public sealed record PortalIdentity(string UserId, string UserName, string? Email, string ProjectId, string ProjectName, IReadOnlyList<string> Roles, string? SessionId, string? ProjectDomain = null)
{
    public static PortalIdentity? From(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        var projectId = user.FindFirst(PortalClaims.ProjectId)?.Value;
        var userId = user.FindFirst(PortalClaims.UserId)?.Value;
        if (string.IsNullOrEmpty(projectId) || string.IsNullOrEmpty(userId))
        {
            return null;
        }

        return new PortalIdentity(
            userId,
            user.Identity.Name ?? userId,
            user.FindFirst(PortalClaims.Email)?.Value,
            projectId,
            user.FindFirst(PortalClaims.ProjectName)?.Value ?? projectId,
            [.. user.FindAll(PortalClaims.Role).Select(c => c.Value)],
            user.FindFirst(PortalClaims.SessionId)?.Value,
            user.FindFirst(PortalClaims.ProjectDomain)?.Value);
    }
}
