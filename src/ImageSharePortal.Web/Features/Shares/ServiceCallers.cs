using ImageSharePortal.Keystone;
using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>
/// Who the portal acts as when nobody is signed in: ending a share at its end date, and the automatic reminders.
/// </summary>
public interface IServiceImagesCaller
{
    /// <summary>Why the portal cannot act on its own (no service account); null when it can.</summary>
    string? Unavailable { get; }

    /// <summary>A caller allowed to list and remove the members of <paramref name="ownerProjectId"/>'s images; an error when none can be had.</summary>
    Task<ImagesResult<ImagesCaller>> ForOwnerAsync(string ownerProjectId, CancellationToken cancellationToken);

    /// <summary>The Images API refused the caller's token (revoked, expired early): the next call gets a new one.</summary>
    void Refused();
}

/// <summary>
/// OpenStack: the configured service account's project-scoped token (kept in memory until shortly before it expires),
/// at the cloud's image endpoint. Glance lets an admin list and remove any image's members.
/// </summary>
internal sealed class ServiceAccountCaller(
    IKeystoneClient keystone,
    KeystoneSessionStore sessions,
    IOptions<ServiceAccountOptions> options,
    TimeProvider clock,
    IStringLocalizer<Strings> localizer) : IServiceImagesCaller, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private KeystoneToken? _token;

    public string? Unavailable => options.Value.IsConfigured ? null : localizer["Shares.NoServiceAccount"].Value;

    public async Task<ImagesResult<ImagesCaller>> ForOwnerAsync(string ownerProjectId, CancellationToken cancellationToken)
    {
        if (Unavailable is { } unavailable)
        {
            return new ImagesError(ImagesErrorKind.Forbidden, unavailable);
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is null || _token.ExpiresAt - clock.GetUtcNow() < TimeSpan.FromMinutes(5))
            {
                var issued = await IssueAsync(cancellationToken);
                if (!issued.IsSuccess)
                {
                    return new ImagesError(issued.Error.Kind == KeystoneErrorKind.Unreachable ? ImagesErrorKind.Unavailable : ImagesErrorKind.Forbidden,
                        $"The portal's service account could not sign in to Keystone: {issued.Error.Message}");
                }

                _token = issued.Value;
            }

            var token = _token;
            return ImagesResult<ImagesCaller>.Success(new ImagesCaller(token.Project?.Id ?? ownerProjectId, token.User.Id, token.Roles, token.Value, sessions.ImageEndpointFor(token)));
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<KeystoneResult<KeystoneToken>> IssueAsync(CancellationToken cancellationToken)
    {
        var account = options.Value;
        if (account.ApplicationCredentialId is { Length: > 0 } id)
        {
            return await keystone.AuthenticateAsync(new ApplicationCredentials(id, account.ApplicationCredentialSecret ?? ""), cancellationToken);
        }

        var unscoped = await keystone.AuthenticateAsync(new PasswordCredentials(account.UserName!, account.Password ?? "", account.UserDomain), cancellationToken);
        if (!unscoped.IsSuccess)
        {
            return unscoped;
        }

        var projects = await keystone.ListProjectsAsync(unscoped.Value, cancellationToken);
        if (!projects.IsSuccess)
        {
            return projects.Error;
        }

        var project = projects.Value.FirstOrDefault(p => p.Name == account.ProjectName);
        return project is null
            ? new KeystoneError(KeystoneErrorKind.NoAccessToProject, $"The service account has no role on project '{account.ProjectName}' (ServiceAccount:ProjectName).")
            : await keystone.ScopeAsync(unscoped.Value, project.Id, cancellationToken);
    }

    public void Refused() => _token = null;

    public void Dispose() => _gate.Dispose();
}
