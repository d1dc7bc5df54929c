using System.Security.Claims;

namespace ImageSharePortal.Web.Auth;

public sealed record SessionProject(string Id, string Name);

/// <summary>The projects a session may act for, and whether it may switch between them.</summary>
public sealed record SessionProjects(IReadOnlyList<SessionProject> Projects, bool CanSwitch);

/// <summary>Where the project switcher finds the signed-in user's projects (Keystone sign-in registers one).</summary>
public interface ISessionProjects
{
    SessionProjects? ProjectsOf(ClaimsPrincipal? principal);
}

/// <summary>Runs when a session ends by signing out (Keystone sign-in revokes the session's tokens).</summary>
public interface ISessionEndHandler
{
    Task EndSessionAsync(string sessionId, CancellationToken cancellationToken);
}

/// <summary>Renews a session's tokens without the person (organisation sign-in's refresh token); null when it cannot.</summary>
public interface ISessionRenewal
{
    Task<DateTimeOffset?> TryRenewAsync(ClaimsPrincipal principal, CancellationToken cancellationToken);
}
