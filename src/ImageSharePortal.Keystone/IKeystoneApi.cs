using Refit;

namespace ImageSharePortal.Keystone;

/// <summary>
/// The Identity API v3 calls the portal makes, relative to the Keystone URL (<c>.../v3</c>).
/// Tokens travel in headers only: <c>X-Subject-Token</c> in the answer to a token request, <c>X-Auth-Token</c> in requests.
/// </summary>
[Headers("Accept: application/json")]
public interface IKeystoneApi
{
    /// <summary>Issues a token (password, application credential or token method, with or without a scope). 201 with <c>X-Subject-Token</c>.</summary>
    [Post("/auth/tokens")]
    Task<IApiResponse<TokenEnvelope>> IssueTokenAsync([Body] AuthRequest request, CancellationToken cancellationToken);

    /// <summary>
    /// Exchanges an OpenID Connect access token (<c>Authorization: Bearer</c>) for an unscoped token of the federated
    /// user (OS-FEDERATION). 201 with <c>X-Subject-Token</c>. No body: Keystone reads the claims the web server's OIDC
    /// module checked and passed on.
    /// </summary>
    [Post("/OS-FEDERATION/identity_providers/{identityProvider}/protocols/{protocol}/auth")]
    Task<IApiResponse<TokenEnvelope>> FederatedAuthAsync(
        string identityProvider, string protocol, [Header("Authorization")] string authorization, CancellationToken cancellationToken);

    /// <summary>The projects the token's user has a role on.</summary>
    [Get("/auth/projects")]
    Task<IApiResponse<ProjectList>> ListProjectsAsync([Header("X-Auth-Token")] string token, CancellationToken cancellationToken);

    /// <summary>One user (a user may read its own record): the portal reads its email, when set.</summary>
    [Get("/users/{userId}")]
    Task<IApiResponse<UserEnvelope>> GetUserAsync(string userId, [Header("X-Auth-Token")] string token, CancellationToken cancellationToken);

    /// <summary>Revokes <paramref name="subjectToken"/> (a user may revoke its own tokens). 204.</summary>
    [Delete("/auth/tokens")]
    Task<IApiResponse> RevokeTokenAsync([Header("X-Auth-Token")] string token, [Header("X-Subject-Token")] string subjectToken, CancellationToken cancellationToken);
}
