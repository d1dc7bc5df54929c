using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Web.Features.Inbox;

public sealed record InboxItem(GlanceImage Image, string Status);

public sealed record InboxContents(IReadOnlyList<InboxItem> Pending, IReadOnlyList<InboxItem> Accepted, IReadOnlyList<InboxItem> Rejected)
{
    public IReadOnlyList<InboxItem> For(string status) => status switch
    {
        MemberStatuses.Pending => Pending,
        MemberStatuses.Accepted => Accepted,
        _ => Rejected,
    };
}

/// <summary>
/// The consumer's side: images shared with the signed-in project, by member status. One list call per tab.
/// The member whose status changes is always the session's own project; consumers cannot add or remove members.
/// </summary>
public sealed class InboxService(
    IImagesClient images,
    ICurrentIdentity identity,
    IDbContextFactory<PortalDbContext> store,
    AuditLog audit,
    ProjectContacts contacts,
    OutboxSignal outbox,
    IOptions<EmailOptions> email,
    TimeProvider clock)
{
    public const int MaxItemsPerTab = 200;

    public async Task<ImagesResult<InboxContents>> LoadAsync(CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var tabs = await Task.WhenAll(MemberStatuses.All.Select(status => LoadTabAsync(who.ProjectId, status, cancellationToken)));
        var failed = tabs.FirstOrDefault(t => !t.IsSuccess);
        if (failed.Error is not null)
        {
            return failed.Error;
        }

        return ImagesResult<InboxContents>.Success(new InboxContents(tabs[0].Value!, tabs[1].Value!, tabs[2].Value!));
    }

    public async Task<ImagesResult<IReadOnlyList<InboxItem>>> LoadTabAsync(string status, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        return who is null ? ImagesError.NotSignedIn : await LoadTabAsync(who.ProjectId, status, cancellationToken);
    }

    public Task<ImagesResult<GlanceMember>> SetStatusAsync(string imageId, string status, CancellationToken cancellationToken = default) =>
        SetStatusAsync(imageId, status, null, null, cancellationToken);

    /// <summary>
    /// Sets the session project's own member status. The change is recorded in history and, for accept or reject,
    /// the producer is emailed (when the portal knows their address) in the same SaveChanges.
    /// </summary>
    public async Task<ImagesResult<GlanceMember>> SetStatusAsync(string imageId, string status, string? ownerProjectId, string? imageName, CancellationToken cancellationToken = default)
    {
        if (!MemberStatuses.All.Contains(status))
        {
            return new ImagesError(ImagesErrorKind.BadRequest, "Status must be pending, accepted or rejected.");
        }

        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var updated = await images.UpdateMemberStatusAsync(imageId, who.ProjectId, status, cancellationToken);
        if (!updated.IsSuccess && updated.Error.Kind is ImagesErrorKind.NotFound or ImagesErrorKind.Forbidden)
        {
            updated = new ImagesError(updated.Error.Kind, "This image is no longer shared with your project.", updated.Error.StatusCode);
        }

        await RecordAsync(who, imageId, status, ownerProjectId, imageName, updated, cancellationToken);
        return updated;
    }

    private async Task RecordAsync(PortalIdentity who, string imageId, string status, string? ownerProjectId, string? imageName, ImagesResult<GlanceMember> updated, CancellationToken cancellationToken)
    {
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        // The owner is known from the inbox item; otherwise from the portal's own records of the image (no extra API call).
        ownerProjectId ??= await db.Listings.AsNoTracking().Where(l => l.ImageId == imageId).Select(l => l.OwnerProjectId).FirstOrDefaultAsync(cancellationToken)
            ?? await db.AccessRequests.AsNoTracking().Where(r => r.ImageId == imageId).Select(r => r.OwnerProjectId).FirstOrDefaultAsync(cancellationToken);
        var action = status switch
        {
            MemberStatuses.Accepted => AuditActions.ShareAccept,
            MemberStatuses.Rejected => AuditActions.ShareReject,
            _ => AuditActions.SharePending,
        };
        var outcome = updated.IsSuccess ? AuditOutcome.Succeeded : updated.Error.Kind == ImagesErrorKind.Unavailable ? AuditOutcome.Failed : AuditOutcome.Refused;
        db.AuditEvents.Add(audit.Create(who, action, imageId, ownerProjectId, who.ProjectId, outcome,
            updated.IsSuccess ? $"Member status is now {status}." : updated.Error.Message));

        var notify = updated.IsSuccess && status != MemberStatuses.Pending && ownerProjectId is not null;
        var producerEmail = notify ? await contacts.ProducerEmailAsync(db, ownerProjectId!, imageId, cancellationToken) : null;
        if (producerEmail is not null)
        {
            var message = EmailTemplates.MemberDecided(producerEmail, imageId, imageName ?? imageId, who.ProjectId, who.ProjectName, status, email.Value.PortalUrl);
            db.Outbox.Add(message.ToOutbox(ownerProjectId!, clock.GetUtcNow()));
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (producerEmail is not null)
        {
            outbox.Notify();
        }
    }

    private async Task<ImagesResult<IReadOnlyList<InboxItem>>> LoadTabAsync(string projectId, string status, CancellationToken cancellationToken)
    {
        var page = await images.ListImagesAsync(new ImageListQuery
        {
            Visibility = Visibilities.Shared,
            MemberStatus = status,
            Limit = MaxItemsPerTab,
        }, cancellationToken);
        if (!page.IsSuccess)
        {
            return page.Error;
        }

        // A project's own shared images also match visibility=shared; they are not shares *to* it.
        IReadOnlyList<InboxItem> items = [.. page.Value.Images.Where(i => i.Owner != projectId).Select(i => new InboxItem(i, status))];
        return ImagesResult<IReadOnlyList<InboxItem>>.Success(items);
    }
}
