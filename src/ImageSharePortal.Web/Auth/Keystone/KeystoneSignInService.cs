using System.Security.Claims;
using ImageSharePortal.Keystone;

namespace ImageSharePortal.Web.Auth.Keystone;


/// <summary>
/// Keystone sign-in for the account endpoints: password (unscoped token, then the project) or application credential;
/// project switching by re-scoping; sign-out by revocation. The cookie gets claims only; tokens stay in the store.
/// </summary>
public sealed partial class KeystoneSignInService(IKeystoneClient keystone, KeystoneSessionStore store, ILogger<KeystoneSignInService> logger)
    : ISessionEndHandler
{
    public const string AuthenticationType = "keystone";

    public async Task<KeystoneSignInResult> SignInAsync(PasswordCredentials credentials, string? project, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var unscoped = await keystone.AuthenticateAsync(credentials, cancellationToken);
        if (!unscoped.IsSuccess)
        {
            return KeystoneSignInResult.Failed(CodeOf(unscoped.Error, SignInErrors.WrongCredentials));
        }

        return await SignInAsync(unscoped.Value, project, onStart: null, cancellationToken);
    }

    /// <summary>
    /// Continues a sign-in from an unscoped token however it was obtained (password, or federation): lists the
    /// projects, starts the session (<paramref name="onStart"/> may attach more to it) and scopes to
    /// <paramref name="project"/>, to the only project, or leaves the choice to the picker.
    /// </summary>
    public async Task<KeystoneSignInResult> SignInAsync(
        KeystoneToken unscopedToken, string? project, Action<KeystoneSession>? onStart, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(unscopedToken);
        var projects = await keystone.ListProjectsAsync(unscopedToken, cancellationToken);
        if (!projects.IsSuccess)
        {
            await RevokeAsync([unscopedToken], cancellationToken);
            return KeystoneSignInResult.Failed(CodeOf(projects.Error, SignInErrors.KeystoneFailed));
        }

        if (projects.Value.Count == 0)
        {
            await RevokeAsync([unscopedToken], cancellationToken);
            LogSignedIn(logger, unscopedToken.User.Id, "no projects");
            return new KeystoneSignInResult(KeystoneSignInStep.NoProjects);
        }

        KeystoneProject? chosen;
        if (!string.IsNullOrWhiteSpace(project))
        {
            var wanted = project.Trim();
            chosen = projects.Value.FirstOrDefault(p => p.Id == wanted) ?? projects.Value.FirstOrDefault(p => p.Name == wanted);
            if (chosen is null)
            {
                await RevokeAsync([unscopedToken], cancellationToken);
                return KeystoneSignInResult.Failed(SignInErrors.ProjectNotFound);
            }
        }
        else
        {
            chosen = projects.Value.Count == 1 ? projects.Value[0] : null;
        }

        var session = store.Start(unscopedToken.User, unscopedToken, projects.Value);
        session.Email = await EmailOfAsync(unscopedToken, cancellationToken);
        onStart?.Invoke(session);
        store.Save(session);
        if (chosen is null)
        {
            LogSignedIn(logger, session.User.Id, "choosing a project");
            return new KeystoneSignInResult(KeystoneSignInStep.ChooseProject, KeystoneClaims.PendingPrincipal(session), KeystoneClaims.Properties(session.Unscoped!));
        }

        var result = await ScopeAsync(session, chosen.Id, cancellationToken);
        if (result.Step == KeystoneSignInStep.Failed)
        {
            await EndSessionAsync(session.Id, cancellationToken);
        }

        return result;
    }

    public async Task<KeystoneSignInResult> SignInAsync(ApplicationCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var token = await keystone.AuthenticateAsync(credentials, cancellationToken);
        if (!token.IsSuccess)
        {
            return KeystoneSignInResult.Failed(CodeOf(token.Error, SignInErrors.WrongApplicationCredential));
        }

        if (token.Value.Project is not { } project)
        {
            await RevokeAsync([token.Value], cancellationToken);
            return new KeystoneSignInResult(KeystoneSignInStep.NoProjects);
        }

        if (Check(token.Value) is { } failed)
        {
            await RevokeAsync([token.Value], cancellationToken);
            return KeystoneSignInResult.Failed(failed);
        }

        var session = store.Start(token.Value.User, unscoped: null, [project]);
        session.Email = await EmailOfAsync(token.Value, cancellationToken);
        session.SetScoped(token.Value);
        store.Save(session);
        return SignedIn(session, token.Value);
    }

    /// <summary>Re-scopes the session to another of the user's projects (also the first choice after sign-in).</summary>
    public async Task<KeystoneSignInResult> SwitchProjectAsync(string? sessionId, string projectId, CancellationToken cancellationToken = default)
    {
        var session = store.Find(sessionId);
        if (session is null)
        {
            return KeystoneSignInResult.Failed(SignInErrors.SessionEnded);
        }

        if (session.ScopedTo(projectId) is { } existing && store.IsFresh(existing))
        {
            return SignedIn(session, existing);
        }

        if (!session.CanSwitchProjects)
        {
            return KeystoneSignInResult.Failed(SignInErrors.FixedProject);
        }

        if (!store.IsFresh(session.Unscoped))
        {
            return KeystoneSignInResult.Failed(SignInErrors.SessionEnded);
        }

        var projects = await keystone.ListProjectsAsync(session.Unscoped!, cancellationToken);
        if (projects.IsSuccess)
        {
            session.SetProjects(projects.Value);
            store.Save(session);
        }

        return await ScopeAsync(session, projectId, cancellationToken);
    }

    /// <summary>Revokes every token of the session and forgets it.</summary>
    public async Task EndSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (store.Remove(sessionId) is { } session)
        {
            var tokens = session.Tokens;
            var failed = await RevokeAsync(tokens, cancellationToken);
            if (failed == 0)
            {
                LogSignedOut(logger, session.User.Id, tokens.Count);
            }
            else
            {
                // The truth: Keystone keeps accepting those tokens until they expire.
                LogSignedOutUnrevoked(logger, session.User.Id, failed, tokens.Count, session.ExpiresAt);
            }
        }
    }

    private async Task<KeystoneSignInResult> ScopeAsync(KeystoneSession session, string projectId, CancellationToken cancellationToken)
    {
        var scoped = await keystone.ScopeAsync(session.Unscoped!, projectId, cancellationToken);
        if (!scoped.IsSuccess)
        {
            return KeystoneSignInResult.Failed(CodeOf(scoped.Error, SignInErrors.NoAccessToProject));
        }

        if (Check(scoped.Value) is { } failed)
        {
            await RevokeAsync([scoped.Value], cancellationToken);
            return KeystoneSignInResult.Failed(failed);
        }

        var replaced = session.SetScoped(scoped.Value);
        store.Save(session);
        if (replaced is not null)
        {
            await RevokeAsync([replaced], cancellationToken);
        }

        return SignedIn(session, scoped.Value);
    }

    /// <summary>Null when the scoped token is usable; an error code otherwise.</summary>
    private string? Check(KeystoneToken token)
    {
        if (store.ImageEndpointFor(token) is null)
        {
            return SignInErrors.NoImageService;
        }

        if (!store.IsFresh(token))
        {
            // Keystone issues tokens shorter than the portal's margin: the person would be sent back at once.
            LogShortToken(logger, token.ExpiresAt);
            return SignInErrors.KeystoneFailed;
        }

        return null;
    }

    private KeystoneSignInResult SignedIn(KeystoneSession session, KeystoneToken scoped)
    {
        var project = scoped.Project!;
        var claims = KeystoneClaims.UserClaims(session);
        claims.Add(new Claim(PortalClaims.ProjectId, project.Id));
        claims.Add(new Claim(PortalClaims.ProjectName, project.Name));
        if (project.DomainId is { Length: > 0 } domain)
        {
            claims.Add(new Claim(PortalClaims.ProjectDomain, domain));
        }

        claims.AddRange(scoped.Roles.Select(r => new Claim(PortalClaims.Role, r)));
        LogSignedIn(logger, session.User.Id, "project " + project.Id);
        var expires = session.Unscoped is { } unscoped && unscoped.ExpiresAt < scoped.ExpiresAt ? unscoped : scoped;
        return new KeystoneSignInResult(KeystoneSignInStep.SignedIn, KeystoneClaims.Principal(claims), KeystoneClaims.Properties(expires));
    }

    /// <summary>
    /// The email Keystone keeps for the user (<c>openstack user set --email</c>), so producers are mailed about their
    /// shares. Best effort: a cloud whose policy hides user records signs in without one.
    /// </summary>
    private async Task<string?> EmailOfAsync(KeystoneToken token, CancellationToken cancellationToken)
    {
        var email = await keystone.GetUserEmailAsync(token, cancellationToken);
        if (!email.IsSuccess)
        {
            LogNoEmail(logger, token.User.Id, email.Error.Message);
            return null;
        }

        return email.Value is { } e && Features.Shared.EmailAddresses.Validate(e).Error is null ? e : null;
    }

    /// <summary>Revokes each token, trying a second time after a short pause; returns how many are still valid.</summary>
    private async Task<int> RevokeAsync(IEnumerable<KeystoneToken> tokens, CancellationToken cancellationToken)
    {
        var failed = 0;
        foreach (var token in tokens)
        {
            var revoked = await keystone.RevokeAsync(token, cancellationToken);
            if (!revoked.IsSuccess && revoked.Error.Kind != KeystoneErrorKind.TokenInvalid)
            {
                await Task.Delay(RevokeRetryDelay, cancellationToken);
                revoked = await keystone.RevokeAsync(token, cancellationToken);
            }

            // A token Keystone no longer knows (expired, revoked already) is as good as revoked.
            if (!revoked.IsSuccess && revoked.Error.Kind != KeystoneErrorKind.TokenInvalid)
            {
                failed++;
                LogRevokeFailed(logger, token.User.Id, revoked.Error.Message);
            }
        }

        return failed;
    }

    /// <summary>The pause before a revocation is tried again.</summary>
    internal static TimeSpan RevokeRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    private static string CodeOf(KeystoneError error, string credentialsCode) => error.Kind switch
    {
        KeystoneErrorKind.WrongCredentials => credentialsCode,
        KeystoneErrorKind.PasswordExpired => SignInErrors.PasswordExpired,
        KeystoneErrorKind.AccountLocked => SignInErrors.AccountLocked,
        KeystoneErrorKind.NoAccessToProject => SignInErrors.NoAccessToProject,
        KeystoneErrorKind.Unreachable => SignInErrors.KeystoneDown,
        KeystoneErrorKind.TokenInvalid => SignInErrors.SessionEnded,
        KeystoneErrorKind.FederationTokenRefused => SignInErrors.OrganisationTokenRefused,
        KeystoneErrorKind.NotMapped => SignInErrors.NotMapped,
        KeystoneErrorKind.FederationNotFound => SignInErrors.FederationNotFound,
        _ => SignInErrors.KeystoneFailed,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Keystone sign-in of user {UserId}: {Outcome}")]
    private static partial void LogSignedIn(ILogger logger, string userId, string outcome);

    [LoggerMessage(Level = LogLevel.Information, Message = "Keystone session of user {UserId} ended; its {Count} tokens are revoked")]
    private static partial void LogSignedOut(ILogger logger, string userId, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keystone session of user {UserId} ended, but {Failed} of its {Count} tokens could not be revoked (Keystone did not answer twice): they stay valid until {ExpiresAt:O}")]
    private static partial void LogSignedOutUnrevoked(ILogger logger, string userId, int failed, int count, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not revoke a token of user {UserId}: {Reason}")]
    private static partial void LogRevokeFailed(ILogger logger, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "No email for user {UserId} from Keystone: {Reason}")]
    private static partial void LogNoEmail(ILogger logger, string userId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keystone issued a token expiring at {ExpiresAt}, inside Keystone:ExpiryMargin: lower the margin")]
    private static partial void LogShortToken(ILogger logger, DateTimeOffset expiresAt);
}
