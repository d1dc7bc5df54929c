namespace ImageSharePortal.Keystone;

/// <summary>What a person types to sign in with a password. <see cref="ToString"/> never shows the password.</summary>
public sealed record PasswordCredentials(string UserName, string Password, string UserDomain)
{
    public override string ToString() => $"PasswordCredentials({UserName}@{UserDomain}, ***)";
}

/// <summary>An application credential: its ID and secret. <see cref="ToString"/> never shows the secret.</summary>
public sealed record ApplicationCredentials(string Id, string Secret)
{
    public override string ToString() => $"ApplicationCredentials({Id}, ***)";
}

/// <summary>Keystone for the portal: results with sentences for people, never Refit types or exceptions for HTTP failures.</summary>
public interface IKeystoneClient
{
    /// <summary>An unscoped token for the user (the project is chosen afterwards).</summary>
    Task<KeystoneResult<KeystoneToken>> AuthenticateAsync(PasswordCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>A token for an application credential: always scoped to the credential's project.</summary>
    Task<KeystoneResult<KeystoneToken>> AuthenticateAsync(ApplicationCredentials credentials, CancellationToken cancellationToken = default);

    /// <summary>
    /// An unscoped token of a federated user, for an OpenID Connect access token (OS-FEDERATION with
    /// <c>Authorization: Bearer</c>). A refused token is <see cref="KeystoneErrorKind.FederationTokenRefused"/>; a token
    /// whose claims match no mapping rule is <see cref="KeystoneErrorKind.NotMapped"/>.
    /// </summary>
    Task<KeystoneResult<KeystoneToken>> AuthenticateFederatedAsync(
        string identityProvider, string protocol, string accessToken, CancellationToken cancellationToken = default);

    /// <summary>A new token scoped to <paramref name="projectId"/>, from an existing token of the same user (token method).</summary>
    Task<KeystoneResult<KeystoneToken>> ScopeAsync(KeystoneToken token, string projectId, CancellationToken cancellationToken = default);

    /// <summary>The enabled projects the token's user has a role on (<c>GET /v3/auth/projects</c>), by name.</summary>
    Task<KeystoneResult<IReadOnlyList<KeystoneProject>>> ListProjectsAsync(KeystoneToken token, CancellationToken cancellationToken = default);

    /// <summary>Revokes the token. An already invalid token counts as revoked.</summary>
    Task<KeystoneResult<bool>> RevokeAsync(KeystoneToken token, CancellationToken cancellationToken = default);

    /// <summary>The token user's email from its Keystone user record; null when none is set.</summary>
    Task<KeystoneResult<string?>> GetUserEmailAsync(KeystoneToken token, CancellationToken cancellationToken = default);
}
