using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text.Json;
using ImageSharePortal.Keystone;
using ImageSharePortal.Web.Auth.Keystone;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;

namespace ImageSharePortal.Web.Auth.Organisation;

/// <summary>
/// Silent renewal of an organisation session: the refresh token (kept server-side) buys a new access token at the
/// provider's token endpoint, which Keystone's federation exchanges for a new unscoped token, re-scoped to the
/// session's project. The old Keystone tokens are revoked. When any step fails the person signs in again.
/// </summary>
public sealed partial class OrganisationTokenRenewal(
    IOptionsMonitor<OpenIdConnectOptions> openIdConnect,
    KeystoneSessionStore store,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<OrganisationTokenRenewal> logger) : ISessionRenewal
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<DateTimeOffset?> TryRenewAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var session = store.Find(principal.FindFirst(PortalClaims.SessionId)?.Value);
        var projectId = principal.FindFirst(PortalClaims.ProjectId)?.Value;
        if (session?.Federation?.RefreshToken is null || projectId is null)
        {
            return null;
        }

        var gate = _locks.GetOrAdd(session.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            // Another request of the same session may have renewed it while this one waited.
            if (session.ScopedTo(projectId) is { } current && store.IsFresh(current))
            {
                return current.ExpiresAt;
            }

            return await RenewAsync(session, projectId, cancellationToken);
        }
        finally
        {
            gate.Release();
            if (store.Find(session.Id) is null)
            {
                _locks.TryRemove(session.Id, out _);
            }
        }
    }

    /// <summary>One renewal: refresh token → access token → unscoped → scoped. Returns the new scoped token's expiry, or null.</summary>
    public async Task<DateTimeOffset?> RenewAsync(KeystoneSession session, string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        var refreshed = await RefreshAsync(session.Federation!.RefreshToken!, cancellationToken);
        if (refreshed is null)
        {
            return null;
        }

        using var scope = scopes.CreateScope();
        var exchange = scope.ServiceProvider.GetRequiredService<OrganisationSignInService>();
        var keystone = scope.ServiceProvider.GetRequiredService<IKeystoneClient>();
        var unscoped = await exchange.ExchangeAsync(refreshed.Value.AccessToken, cancellationToken);
        if (!unscoped.IsSuccess)
        {
            return null;
        }

        var scoped = await keystone.ScopeAsync(unscoped.Value, projectId, cancellationToken);
        if (!scoped.IsSuccess || !store.IsFresh(scoped.Value))
        {
            await keystone.RevokeAsync(unscoped.Value, cancellationToken);
            return null;
        }

        var replaced = new[] { session.ReplaceUnscoped(unscoped.Value), session.SetScoped(scoped.Value) };
        session.Federation = new FederatedCredentials(refreshed.Value.RefreshToken ?? session.Federation.RefreshToken, refreshed.Value.ExpiresAt);
        store.Save(session);
        foreach (var old in replaced.OfType<KeystoneToken>())
        {
            await keystone.RevokeAsync(old, cancellationToken);
        }

        LogRenewed(logger, session.User.Id, scoped.Value.ExpiresAt);
        return scoped.Value.ExpiresAt < unscoped.Value.ExpiresAt ? scoped.Value.ExpiresAt : unscoped.Value.ExpiresAt;
    }

    private async Task<(string AccessToken, string? RefreshToken, DateTimeOffset ExpiresAt)?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var oidc = openIdConnect.Get(OpenIdConnectDefaults.AuthenticationScheme);
        try
        {
            var configuration = await oidc.ConfigurationManager!.GetConfigurationAsync(cancellationToken);
            using var request = new HttpRequestMessage(HttpMethod.Post, configuration.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["refresh_token"] = refreshToken,
                    ["client_id"] = oidc.ClientId!,
                    ["client_secret"] = oidc.ClientSecret ?? "",

                    // No scope: the grant keeps the scopes of the sign-in (RFC 6749 §6), the API scope included.
                }),
            };
            using var response = await oidc.Backchannel.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefreshRefused(logger, (int)response.StatusCode);
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = body.RootElement;
            var accessToken = root.TryGetProperty("access_token", out var a) ? a.GetString() : null;
            if (string.IsNullOrEmpty(accessToken))
            {
                return null;
            }

            var newRefresh = root.TryGetProperty("refresh_token", out var r) ? r.GetString() : null;
            var expiresIn = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 300;
            return (accessToken, newRefresh, time.GetUtcNow().AddSeconds(expiresIn));
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogRefreshFailed(logger, e.GetType().Name, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Organisation session of user {UserId} renewed silently; its token expires at {ExpiresAt}")]
    private static partial void LogRenewed(ILogger logger, string userId, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Information, Message = "The provider refused the refresh token ({Status}): the person signs in again")]
    private static partial void LogRefreshRefused(ILogger logger, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew an organisation session ({ExceptionType}): {Message}")]
    private static partial void LogRefreshFailed(ILogger logger, string exceptionType, string message);
}
