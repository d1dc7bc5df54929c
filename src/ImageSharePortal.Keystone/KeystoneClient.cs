using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Refit;

namespace ImageSharePortal.Keystone;

/// <summary>Keystone v3 through Refit: tokens, scoping, projects, user email, revocation; every failure a result, never an exception.</summary>
internal sealed partial class KeystoneClient(IKeystoneApi api, ILogger<KeystoneClient> logger) : IKeystoneClient
{
    private enum Operation
    {
        Password,
        ApplicationCredential,
        Scope,
        ListProjects,
        Revoke,
        GetUser,
        Federated,
    }

    public Task<KeystoneResult<KeystoneToken>> AuthenticateAsync(PasswordCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var request = new AuthRequest
        {
            Auth = new AuthBody
            {
                Identity = new AuthIdentity
                {
                    Methods = ["password"],
                    Password = new PasswordMethod
                    {
                        User = new PasswordUser
                        {
                            Name = credentials.UserName,
                            Domain = new DomainReference { Name = credentials.UserDomain },
                            Password = credentials.Password,
                        },
                    },
                },
                Scope = JsonSerializer.SerializeToElement("unscoped", KeystoneJsonContext.Default.String),
            },
        };
        return IssueAsync(request, Operation.Password, cancellationToken);
    }

    public Task<KeystoneResult<KeystoneToken>> AuthenticateAsync(ApplicationCredentials credentials, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var request = new AuthRequest
        {
            Auth = new AuthBody
            {
                Identity = new AuthIdentity
                {
                    Methods = ["application_credential"],
                    ApplicationCredential = new ApplicationCredentialMethod { Id = credentials.Id, Secret = credentials.Secret },
                },
            },
        };
        return IssueAsync(request, Operation.ApplicationCredential, cancellationToken);
    }

    public async Task<KeystoneResult<KeystoneToken>> AuthenticateFederatedAsync(
        string identityProvider, string protocol, string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identityProvider);
        ArgumentException.ThrowIfNullOrWhiteSpace(protocol);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        var outcome = await SendAsync(
            async ct => await api.FederatedAuthAsync(identityProvider, protocol, "Bearer " + accessToken, ct), Operation.Federated, cancellationToken);
        return outcome.Error is not null ? outcome.Error : TokenOf((IApiResponse<TokenEnvelope>)outcome.Response!);
    }

    public Task<KeystoneResult<KeystoneToken>> ScopeAsync(KeystoneToken token, string projectId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        var request = new AuthRequest
        {
            Auth = new AuthBody
            {
                Identity = new AuthIdentity { Methods = ["token"], Token = new TokenMethod { Id = token.Value } },
                Scope = JsonSerializer.SerializeToElement(
                    new ProjectScope { Project = new ProjectReference { Id = projectId } }, KeystoneJsonContext.Default.ProjectScope),
            },
        };
        return IssueAsync(request, Operation.Scope, cancellationToken);
    }

    public async Task<KeystoneResult<IReadOnlyList<KeystoneProject>>> ListProjectsAsync(KeystoneToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var outcome = await SendAsync(async ct => await api.ListProjectsAsync(token.Value, ct), Operation.ListProjects, cancellationToken);
        if (outcome.Error is not null)
        {
            return outcome.Error;
        }

        var list = ((IApiResponse<ProjectList>)outcome.Response!).Content;
        if (list is null)
        {
            return Unexpected("Keystone sent an empty project list answer.", HttpStatusCode.OK);
        }

        IReadOnlyList<KeystoneProject> projects = [.. list.Projects
            .Where(p => p.Enabled && !string.IsNullOrEmpty(p.Id))
            .Select(p => new KeystoneProject(p.Id, string.IsNullOrEmpty(p.Name) ? p.Id : p.Name, p.DomainId))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase)];
        return KeystoneResult<IReadOnlyList<KeystoneProject>>.Success(projects);
    }

    public async Task<KeystoneResult<string?>> GetUserEmailAsync(KeystoneToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var outcome = await SendAsync(async ct => await api.GetUserAsync(token.User.Id, token.Value, ct), Operation.GetUser, cancellationToken);
        if (outcome.Error is not null)
        {
            return outcome.Error;
        }

        var email = ((IApiResponse<UserEnvelope>)outcome.Response!).Content?.User?.Email?.Trim();
        return KeystoneResult<string?>.Success(string.IsNullOrEmpty(email) ? null : email);
    }

    public async Task<KeystoneResult<bool>> RevokeAsync(KeystoneToken token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(token);
        var outcome = await SendAsync(ct => api.RevokeTokenAsync(token.Value, token.Value, ct), Operation.Revoke, cancellationToken);
        return outcome.Error is null || outcome.Error.Kind == KeystoneErrorKind.TokenInvalid
            ? KeystoneResult<bool>.Success(true)
            : outcome.Error;
    }

    private async Task<KeystoneResult<KeystoneToken>> IssueAsync(AuthRequest request, Operation operation, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(async ct => await api.IssueTokenAsync(request, ct), operation, cancellationToken);
        if (outcome.Error is not null)
        {
            return outcome.Error;
        }

        return TokenOf((IApiResponse<TokenEnvelope>)outcome.Response!);
    }

    private static KeystoneResult<KeystoneToken> TokenOf(IApiResponse<TokenEnvelope> response)
    {
        var value = response.Headers is { } headers && headers.TryGetValues("X-Subject-Token", out var values) ? values.FirstOrDefault() : null;
        if (string.IsNullOrEmpty(value) || response.Content?.Token is not { } body)
        {
            return Unexpected("Keystone answered without a token.", response.StatusCode);
        }

        return KeystoneResult<KeystoneToken>.Success(new KeystoneToken(value, body));
    }

    private async Task<(IApiResponse? Response, KeystoneError? Error)> SendAsync(
        Func<CancellationToken, Task<IApiResponse>> call, Operation operation, CancellationToken cancellationToken)
    {
        try
        {
            var response = await call(cancellationToken);
            if (response.IsSuccessful)
            {
                return (response, null);
            }

            if (response.Error is ApiException apiError)
            {
                var error = Map(apiError.StatusCode, ExtractMessage(apiError.Content), operation);
                if (operation == Operation.Federated && error.Kind == KeystoneErrorKind.FederationTokenRefused && IsKeystoneError(apiError.Content))
                {
                    // Keystone's own JSON 401 after the web server accepted the token: no mapping rule matched
                    // (its log says "Could not map any federated user properties"; the answer does not).
                    error = new KeystoneError(KeystoneErrorKind.NotMapped,
                        "Your organisation account is not mapped to any project in this cloud.", apiError.StatusCode);
                }

                LogRefused(logger, operation.ToString(), (int)apiError.StatusCode, error.Kind.ToString());
                return (null, error);
            }

            return (null, Unreachable(response.Error, operation));
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return (null, Unreachable(e, operation));
        }
    }

    private KeystoneError Unreachable(Exception? e, Operation operation)
    {
        LogUnreachable(logger, operation.ToString(), e?.GetType().Name ?? "unknown", e?.Message ?? "");
        return e?.InnerException is AuthenticationException
            ? new KeystoneError(KeystoneErrorKind.Unreachable,
                "Keystone's TLS certificate was not accepted. Ask your administrator (the portal's Keystone:CaBundlePath may be missing).")
            : new KeystoneError(KeystoneErrorKind.Unreachable, KeystoneMessages.DidNotAnswer);
    }

    /// <summary>Keystone's status codes, per call, as sentences for people. Keystone's own 401 text is generic on purpose.</summary>
    private static KeystoneError Map(HttpStatusCode status, string? message, Operation operation)
    {
        var text = message ?? "";
        return (status, operation) switch
        {
            (HttpStatusCode.Unauthorized, Operation.Password) when text.Contains("password is expired", StringComparison.OrdinalIgnoreCase) =>
                new(KeystoneErrorKind.PasswordExpired,
                    "Your password has expired. Change it (in your cloud's dashboard, or ask your administrator), then sign in again.", status),
            (HttpStatusCode.Unauthorized, Operation.Password) when text.Contains("account is locked", StringComparison.OrdinalIgnoreCase) =>
                new(KeystoneErrorKind.AccountLocked,
                    "Your account is locked after too many failed sign-ins. Wait, or ask your administrator to unlock it.", status),
            (HttpStatusCode.Unauthorized, Operation.Password) =>
                new(KeystoneErrorKind.WrongCredentials, "The user name, password or domain is not right.", status),
            (HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, Operation.ApplicationCredential) =>
                new(KeystoneErrorKind.WrongCredentials,
                    "The application credential ID or secret is not right, or the credential has expired.", status),
            (HttpStatusCode.Unauthorized, Operation.Federated) =>
                new(KeystoneErrorKind.FederationTokenRefused,
                    "The cloud did not accept your organisation sign-in (the token is expired, or not meant for this cloud). Sign in again.", status),
            (HttpStatusCode.NotFound, Operation.Federated) =>
                new(KeystoneErrorKind.FederationNotFound,
                    "Keystone has no identity provider or protocol of the names the portal uses (Organisation:KeystoneIdentityProvider, " +
                    "Organisation:KeystoneProtocol): check them against 'openstack identity provider list' and 'openstack federation protocol list'.", status),
            (HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, Operation.Scope) =>
                new(KeystoneErrorKind.NoAccessToProject,
                    "You have no role on that project, or it is disabled. Choose another project.", status),
            (HttpStatusCode.Unauthorized or HttpStatusCode.NotFound, _) =>
                new(KeystoneErrorKind.TokenInvalid, "Your Keystone session has ended. Sign in again.", status),
            (HttpStatusCode.Forbidden, _) =>
                new(KeystoneErrorKind.Forbidden, string.IsNullOrEmpty(message) ? "Keystone refused this." : $"Keystone refused this: {message}", status),
            (HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout, _) =>
                new(KeystoneErrorKind.Unreachable, KeystoneMessages.DidNotAnswer, status),
            (HttpStatusCode.BadRequest, _) =>
                new(KeystoneErrorKind.Unexpected, $"Keystone refused the request as invalid{(string.IsNullOrEmpty(message) ? "." : ": " + message)}", status),
            _ => Unexpected($"Keystone could not do this (HTTP {(int)status}). Try again later.", status),
        };
    }

    /// <summary>The <c>error.message</c> of Keystone's JSON error body; null when the body is something else.</summary>
    internal static string? ExtractMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, KeystoneJsonContext.Default.KeystoneErrorEnvelope)?.Error?.Message;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Keystone's JSON error body (as opposed to the web server's HTML page or an empty answer).</summary>
    private static bool IsKeystoneError(string? body) => ExtractMessage(body) is not null;

    private static KeystoneError Unexpected(string message, HttpStatusCode? status) => new(KeystoneErrorKind.Unexpected, message, status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Keystone refused {Operation} with {Status} ({Kind})")]
    private static partial void LogRefused(ILogger logger, string operation, int status, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keystone did not answer {Operation} ({ExceptionType}): {Message}")]
    private static partial void LogUnreachable(ILogger logger, string operation, string exceptionType, string message);
}
