using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using ImageSharePortal.Keystone;
using Microsoft.AspNetCore.WebUtilities;

namespace ImageSharePortal.Web.Auth.Keystone;

/// <summary>
/// One Keystone sign-in, held in server memory only: the unscoped token (to re-scope; none for an application
/// credential), one scoped token per project used so far, and the user's projects. Never serialised, never logged.
/// </summary>
public sealed class KeystoneSession(string id, KeystoneUser user, KeystoneToken? unscoped, IReadOnlyList<KeystoneProject> projects)
{
    private readonly ConcurrentDictionary<string, KeystoneToken> _scoped = new(StringComparer.Ordinal);

    public string Id { get; } = id;

    public KeystoneUser User { get; } = user;

    /// <summary>The user's email: from its Keystone user record, else (organisation sign-in) the provider's claim.</summary>
    public string? Email { get; set; }

    /// <summary>Null for an application credential: its token is bound to one project and cannot be re-scoped.</summary>
    public KeystoneToken? Unscoped { get; private set; } = unscoped;

    /// <summary>Organisation sign-in: what renews the session's tokens without the person (null for Keystone sign-in).</summary>
    public FederatedCredentials? Federation { get; set; }

    public IReadOnlyList<KeystoneProject> Projects { get; private set; } = projects;

    public bool CanSwitchProjects => Unscoped is not null;

    public KeystoneToken? ScopedTo(string? projectId) =>
        projectId is not null && _scoped.TryGetValue(projectId, out var token) ? token : null;

    /// <summary>Every token of the session, for revocation at sign-out.</summary>
    public IReadOnlyList<KeystoneToken> Tokens => [.. _scoped.Values, .. Unscoped is null ? Array.Empty<KeystoneToken>() : [Unscoped]];

    /// <summary>When the session's last token expires.</summary>
    public DateTimeOffset ExpiresAt => Tokens.Count == 0 ? DateTimeOffset.MinValue : Tokens.Max(t => t.ExpiresAt);

    /// <summary>Keeps the token for its project and returns the one it replaces, if any (to revoke).</summary>
    public KeystoneToken? SetScoped(KeystoneToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var projectId = token.Project?.Id ?? throw new ArgumentException("The token is not scoped to a project.", nameof(token));
        KeystoneToken? replaced = null;
        _scoped.AddOrUpdate(projectId, token, (_, old) =>
        {
            replaced = old;
            return token;
        });
        return replaced;
    }

    public void SetProjects(IReadOnlyList<KeystoneProject> projects) => Projects = projects;

    /// <summary>Replaces the unscoped token (a renewed federated sign-in) and returns the old one (to revoke).</summary>
    public KeystoneToken? ReplaceUnscoped(KeystoneToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var old = Unscoped;
        Unscoped = token;
        return old;
    }

    public override string ToString() => $"KeystoneSession(user {User.Id}, {_scoped.Count} scoped tokens)";

    /// <summary>What a shared store keeps of the session (tokens included: it must encrypt it).</summary>
    public KeystoneSessionRecord ToRecord() => new(Id, User, Email, Unscoped is null ? null : new(Unscoped.Value, Unscoped.Body),
        Federation, [.. Projects], [.. _scoped.Values.Select(t => new KeystoneTokenRecord(t.Value, t.Body))]);

    public static KeystoneSession FromRecord(KeystoneSessionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var session = new KeystoneSession(record.Id, record.User, record.Unscoped?.ToToken(), record.Projects)
        {
            Email = record.Email,
            Federation = record.Federation,
        };
        foreach (var token in record.Scoped)
        {
            session.SetScoped(token.ToToken());
        }

        return session;
    }
}

public sealed record KeystoneTokenRecord(string Value, TokenBody Body)
{
    public KeystoneToken ToToken() => new(Value, Body);

    public override string ToString() => "KeystoneTokenRecord(***)";
}

public sealed record KeystoneSessionRecord(string Id, KeystoneUser User, string? Email, KeystoneTokenRecord? Unscoped,
    FederatedCredentials? Federation, List<KeystoneProject> Projects, List<KeystoneTokenRecord> Scoped);

/// <summary>The shared session store (Redis) does not answer: the page says so, nobody is signed out for it.</summary>
public sealed class SessionStoreUnavailableException(Exception inner) : Exception("The portal's session store (Redis) does not answer.", inner);

/// <summary>Where sessions live when several instances share them (Redis).</summary>
public interface ISharedSessionStore
{
    KeystoneSession? Load(string sessionId);

    void Save(KeystoneSession session, DateTimeOffset expiresAt);

    void Delete(string sessionId);
}

/// <summary>
/// The organisation sign-in's refresh token and when its access token expires, kept server-side with the session to
/// renew the Keystone tokens silently. <see cref="ToString"/> never shows the token.
/// </summary>
public sealed record FederatedCredentials(string? RefreshToken, DateTimeOffset AccessTokenExpiresAt)
{
    public override string ToString() => $"FederatedCredentials(refresh token {(RefreshToken is null ? "none" : "***")}, access token expires {AccessTokenExpiresAt:O})";
}

/// <summary>
/// The server-side token store: Keystone sessions keyed by the random session ID in the cookie
/// (<see cref="PortalClaims.SessionId"/>). Gives every Images API call the token scoped to the caller's project and the
/// catalog's image endpoint. A restart empties it: a cookie without a stored session counts as signed out.
/// </summary>
/// <remarks>
/// With <c>ConnectionStrings:Redis</c> the sessions live in Redis (<see cref="ISharedSessionStore"/>, encrypted with Data
/// Protection), so any instance finds them: every <see cref="Find"/> reads the shared copy, and whoever changes a session
/// calls <see cref="Save"/>. Without it they live in this process's memory and a restart signs everyone out.
/// </remarks>
public sealed class KeystoneSessionStore(TimeProvider time, IOptions<KeystoneOptions> keystone, IOptions<ImagesApiOptions> images, ISharedSessionStore? shared = null)
    : ISessionTokenSource, ISessionProjects
{
    private readonly ConcurrentDictionary<string, KeystoneSession> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    /// <summary>Whether sessions are kept where every instance finds them.</summary>
    public bool IsShared => shared is not null;

    /// <summary>A new random, unguessable session ID (256 bits).</summary>
    public static string NewSessionId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public KeystoneSession Start(KeystoneUser user, KeystoneToken? unscoped, IReadOnlyList<KeystoneProject> projects)
    {
        RemoveExpired();
        var session = new KeystoneSession(NewSessionId(), user, unscoped, projects);
        if (shared is null)
        {
            _sessions[session.Id] = session;
        }

        Save(session);
        return session;
    }

    public KeystoneSession? Find(string? sessionId)
    {
        if (sessionId is null)
        {
            return null;
        }

        if (shared is not null)
        {
            return shared.Load(sessionId);
        }

        return _sessions.TryGetValue(sessionId, out var session) ? session : null;
    }

    /// <summary>Keeps a changed session where every instance finds it (a no-op for the in-memory store).</summary>
    public void Save(KeystoneSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var expiresAt = session.ExpiresAt;
        shared?.Save(session, expiresAt == DateTimeOffset.MinValue ? time.GetUtcNow().AddMinutes(10) : expiresAt);
    }

    public KeystoneSession? Remove(string? sessionId)
    {
        if (sessionId is null)
        {
            return null;
        }

        if (shared is not null)
        {
            var found = shared.Load(sessionId);
            shared.Delete(sessionId);
            return found;
        }

        return _sessions.TryRemove(sessionId, out var session) ? session : null;
    }

    /// <summary>The token is good for longer than <see cref="KeystoneOptions.ExpiryMargin"/>.</summary>
    public bool IsFresh(KeystoneToken? token) => token is not null && time.GetUtcNow() < RenewAt(token);

    /// <summary>From this moment the session is sent to sign in again.</summary>
    public DateTimeOffset RenewAt(KeystoneToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return token.ExpiresAt - keystone.Value.ExpiryMargin;
    }

    /// <summary>
    /// Whether a cookie's principal still has a usable session: its project's token (or, while the project is being
    /// chosen, its unscoped token) is stored and fresh.
    /// </summary>
    public bool IsUsable(ClaimsPrincipal? principal)
    {
        var session = Find(principal?.FindFirst(PortalClaims.SessionId)?.Value);
        if (session is null)
        {
            return false;
        }

        var projectId = principal!.FindFirst(PortalClaims.ProjectId)?.Value;
        return projectId is null ? IsFresh(session.Unscoped) : IsFresh(session.ScopedTo(projectId));
    }

    /// <summary>
    /// The image endpoint for a token: Keystone:ImageEndpoint or ImagesApi:BaseUrl when set, else the catalog's
    /// (without a version suffix such as <c>/v2</c>, which some clouds register: the client adds <c>/v2/...</c> itself).
    /// </summary>
    public Uri? ImageEndpointFor(KeystoneToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var options = keystone.Value;
        return options.ImageEndpoint ?? images.Value.BaseUrl ?? WithoutVersion(token.FindEndpoint("image", options.Region, options.Interface));
    }

    private static Uri? WithoutVersion(Uri? endpoint)
    {
        if (endpoint is null)
        {
            return null;
        }

        var text = endpoint.AbsoluteUri.TrimEnd('/');
        var last = text[(text.LastIndexOf('/') + 1)..];
        return last.Length > 1 && last[0] == 'v' && last[1..].All(c => char.IsAsciiDigit(c) || c == '.')
            ? new Uri(text[..text.LastIndexOf('/')])
            : endpoint;
    }

    public ValueTask<SessionToken?> GetTokenAsync(PortalIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var token = Find(identity.SessionId)?.ScopedTo(identity.ProjectId);
        if (token is null || time.GetUtcNow() >= token.ExpiresAt)
        {
            return ValueTask.FromResult<SessionToken?>(null);
        }

        return ValueTask.FromResult<SessionToken?>(new SessionToken(token.Value, ImageEndpointFor(token)));
    }

    public SessionProjects? ProjectsOf(ClaimsPrincipal? principal)
    {
        var session = Find(principal?.FindFirst(PortalClaims.SessionId)?.Value);
        return session is null
            ? null
            : new SessionProjects([.. session.Projects.Select(p => new SessionProject(p.Id, p.Name))], session.CanSwitchProjects);
    }

    private void RemoveExpired()
    {
        // Shared sessions expire in Redis with their last token.
        var now = time.GetUtcNow();
        foreach (var (id, session) in _sessions)
        {
            if (session.ExpiresAt <= now)
            {
                _sessions.TryRemove(id, out _);
            }
        }
    }
}
