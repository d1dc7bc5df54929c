using Microsoft.AspNetCore.Components.Authorization;

namespace ImageSharePortal.Web.Auth;

/// <summary>
/// The signed-in identity for services, in static rendering and in interactive circuits alike
/// (it reads the authentication state, never HttpContext).
/// </summary>
public interface ICurrentIdentity
{
    Task<PortalIdentity?> GetAsync(CancellationToken cancellationToken = default);
}

internal sealed class CurrentIdentity(AuthenticationStateProvider authenticationState, SignedOutSessions signedOut) : ICurrentIdentity
{
    /// <summary>
    /// The session's identity, or null once it signed out, in this tab or another: a live page keeps its circuit's
    /// authentication state, so the signed-out list is asked on every call (one look-up in the distributed cache).
    /// </summary>
    public async Task<PortalIdentity?> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        var who = PortalIdentity.From(state.User);
        return who is not null && await signedOut.IsSignedOutAsync(state.User.FindFirst(PortalClaims.SessionId)?.Value, cancellationToken) ? null : who;
    }
}

/// <summary>Hands the Images client the caller of the signed-in session; a Keystone token comes from the server-side token store.</summary>
internal sealed class SessionImagesCallerAccessor(ICurrentIdentity identity, IEnumerable<ISessionTokenSource> tokenSources, BackgroundCaller background) : IImagesCallerAccessor
{
    public async ValueTask<ImagesCaller?> GetCallerAsync(CancellationToken cancellationToken)
    {
        if (background.Caller is { } acting)
        {
            return acting;
        }

        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return null;
        }

        foreach (var source in tokenSources)
        {
            var token = await source.GetTokenAsync(who, cancellationToken);
            if (token is not null)
            {
                return new ImagesCaller(who.ProjectId, who.UserId, who.Roles, token.Value, token.ImageEndpoint);
            }
        }

        return new ImagesCaller(who.ProjectId, who.UserId, who.Roles);
    }
}

/// <summary>A server-side token for an Images API call (Keystone modes). Never leaves the server.</summary>
public sealed record SessionToken(string Value, Uri? ImageEndpoint)
{
    public override string ToString() => "SessionToken(***)";
}

public interface ISessionTokenSource
{
    ValueTask<SessionToken?> GetTokenAsync(PortalIdentity identity, CancellationToken cancellationToken);
}

/// <summary>
/// The caller of a background job's scope (ending a share, an automatic reminder), where no session exists. Set only by
/// the portal's own workers, in their own scope; a request's scope never sets it.
/// </summary>
public sealed class BackgroundCaller
{
    public ImagesCaller? Caller { get; set; }
}
