
namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>
/// Who to email for a producer project: whoever published the image's listing (taken from the session at publish
/// time), else the most recent listing's publisher, else the project's contacts in the project directory (people of
/// the project who signed in with an email; the demo directory's users on the embedded default).
/// </summary>
public sealed class ProjectContacts
{
    public async Task<string?> ProducerEmailAsync(PortalDbContext db, string ownerProjectId, string? imageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var listings = db.Listings.AsNoTracking().Where(l => l.OwnerProjectId == ownerProjectId && l.PublisherEmail != null);
        var email = imageId is null ? null
            : await listings.Where(l => l.ImageId == imageId).Select(l => l.PublisherEmail).FirstOrDefaultAsync(cancellationToken);
        email ??= await listings.OrderByDescending(l => l.UpdatedAt).Select(l => l.PublisherEmail).FirstOrDefaultAsync(cancellationToken);
        var contacts = await ProjectDirectory.ContactsAsync(db, ownerProjectId, cancellationToken);
        return email ?? (contacts.Count > 0 ? contacts[0] : null);
    }
}
