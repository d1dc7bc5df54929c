using Refit;

namespace ImageSharePortal.Keystone;

/// <summary>
/// The three Identity API v3 calls the portal makes, relative to the Keystone URL (<c>.../v3</c>).
/// Tokens travel in headers only: <c>X-Subject-Token</c> in the answer to a token request, <c>X-Auth-Token</c> in requests.
/// </summary>
[Headers("Accept: application/json")]
public interface IKeystoneApi
{
    /// <summary>Issues a token (password, application credential or token method, with or without a scope). 201 with <c>X-Subject-Token</c>.</summary>
    [Post("/auth/tokens")]
    Task<IApiResponse<TokenEnvelope>> IssueTokenAsync([Body] AuthRequest request, CancellationToken cancellationToken);

    /// <summary>The projects the token's user has a role on.</summary>
    [Get("/auth/projects")]
    Task<IApiResponse<ProjectList>> ListProjectsAsync([Header("X-Auth-Token")] string token, CancellationToken cancellationToken);

    /// <summary>Revokes <paramref name="subjectToken"/> (a user may revoke its own tokens). 204.</summary>
    [Delete("/auth/tokens")]
    Task<IApiResponse> RevokeTokenAsync([Header("X-Auth-Token")] string token, [Header("X-Subject-Token")] string subjectToken, CancellationToken cancellationToken);
}
