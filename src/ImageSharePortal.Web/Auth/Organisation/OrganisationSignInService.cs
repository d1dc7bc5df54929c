using ImageSharePortal.Keystone;
using ImageSharePortal.Web.Auth.Keystone;

namespace ImageSharePortal.Web.Auth.Organisation;

/// <summary>
/// The second half of organisation sign-in: the person's access token (for the portal's API scope) is exchanged at
/// Keystone's federation API for an unscoped token, then everything continues as Keystone sign-in does (projects,
/// session in the server-side store, scope or picker). The access token itself is not kept; the refresh token is,
/// server-side, to renew the session.
/// </summary>
public sealed partial class OrganisationSignInService(
    IKeystoneClient keystone,
    KeystoneSignInService signIn,
    IOptions<OrganisationOptions> options,
    TimeProvider time,
    ILogger<OrganisationSignInService> logger)
{
    /// <summary>Signs in with an access token; <paramref name="refreshToken"/> (may be null) is kept to renew later.</summary>
    public async Task<KeystoneSignInResult> SignInAsync(
        string? accessToken, string? refreshToken, DateTimeOffset? accessTokenExpiresAt, string? project = null, string? email = null, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(accessToken))
        {
            LogNoAccessToken(logger);
            return KeystoneSignInResult.Failed(SignInErrors.ProviderFailed);
        }

        var unscoped = await ExchangeAsync(accessToken, cancellationToken);
        if (!unscoped.IsSuccess)
        {
            return KeystoneSignInResult.Failed(CodeOf(unscoped.Error));
        }

        var credentials = new FederatedCredentials(refreshToken, accessTokenExpiresAt ?? time.GetUtcNow().AddMinutes(5));
        return await signIn.SignInAsync(unscoped.Value, project, session =>
        {
            session.Federation = credentials;
            session.Email ??= email;
        }, cancellationToken);
    }

    /// <summary>Access token → unscoped Keystone token of the federated user.</summary>
    public async Task<KeystoneResult<KeystoneToken>> ExchangeAsync(string accessToken, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var unscoped = await keystone.AuthenticateFederatedAsync(settings.KeystoneIdentityProvider!, settings.KeystoneProtocol, accessToken, cancellationToken);
        if (!unscoped.IsSuccess)
        {
            LogRefused(logger, unscoped.Error.Kind.ToString());
        }

        return unscoped;
    }

    public static string CodeOf(KeystoneError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Kind switch
        {
            KeystoneErrorKind.NotMapped => SignInErrors.NotMapped,
            KeystoneErrorKind.FederationNotFound => SignInErrors.FederationNotFound,
            KeystoneErrorKind.FederationTokenRefused => SignInErrors.OrganisationTokenRefused,
            KeystoneErrorKind.Unreachable => SignInErrors.KeystoneDown,
            _ => SignInErrors.KeystoneFailed,
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Organisation sign-in: the provider's answer had no access token (is Organisation:ApiScope requested?)")]
    private static partial void LogNoAccessToken(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Organisation sign-in: Keystone federation refused the access token ({Kind})")]
    private static partial void LogRefused(ILogger logger, string kind);
}
