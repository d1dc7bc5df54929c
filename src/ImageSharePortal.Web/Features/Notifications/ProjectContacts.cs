using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>
/// Who to email for a producer project: the email of whoever published its listing (taken from the session at
/// publish time); on the embedded sandbox, the demo directory's user of that project when no listing says.
/// </summary>
public sealed class ProjectContacts(IOptions<PortalOptions> portal)
{
    public async Task<string?> ProducerEmailAsync(PortalDbContext db, string ownerProjectId, string? imageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var listings = db.Listings.AsNoTracking().Where(l => l.OwnerProjectId == ownerProjectId && l.PublisherEmail != null);
        var email = imageId is null ? null
            : await listings.Where(l => l.ImageId == imageId).Select(l => l.PublisherEmail).FirstOrDefaultAsync(cancellationToken);
        email ??= await listings.OrderByDescending(l => l.UpdatedAt).Select(l => l.PublisherEmail).FirstOrDefaultAsync(cancellationToken);
        return email ?? DirectoryEmail(ownerProjectId);
    }

    public string ProjectName(string projectId, string? known = null) =>
        known ?? (portal.Value.Backend == BackendMode.Embedded ? SandboxDirectory.FindProject(projectId)?.Name : null) ?? projectId;

    private string? DirectoryEmail(string projectId) =>
        portal.Value.Backend == BackendMode.Embedded
            ? SandboxDirectory.Users.FirstOrDefault(u => u.ProjectId == projectId)?.Email
            : null;
}
