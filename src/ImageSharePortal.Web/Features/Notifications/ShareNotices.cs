using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>What was queued for one share change: who gets a mail, and the live notice to publish once it is committed.</summary>
public sealed record ShareNotice(string ConsumerProjectId, LiveNotice Live, IReadOnlyList<string> MailedTo);

/// <summary>
/// Every share is a message: adding a member (directly, in bulk or by approval) and removing one mail the consumer
/// project's known contacts (plus any address given with the share) and show a live notice on its open pages.
/// The mails go into the caller's DbContext, so they are saved in the same SaveChanges as the history event.
/// </summary>
public sealed class ShareNotices(LiveNotifier live, OutboxSignal outbox, IOptions<EmailOptions> email, TimeProvider clock)
{
    public Task<ShareNotice> QueueSharedAsync(PortalDbContext db, ShareFacts share, IEnumerable<string?> extraEmails, CancellationToken cancellationToken) =>
        QueueAsync(db, share, extraEmails, EmailTemplates.SharedWithYou,
            new LiveNotice($"{share.Producer.Name ?? "Project " + share.Producer.Id} shared {share.ImageName} with your project: it is in your inbox.", "/inbox", share.ImageId),
            cancellationToken);

    public Task<ShareNotice> QueueRemovedAsync(PortalDbContext db, ShareFacts share, CancellationToken cancellationToken) =>
        QueueAsync(db, share, [], EmailTemplates.ShareRemoved,
            new LiveNotice($"{share.Producer.Name ?? "Project " + share.Producer.Id} stopped sharing {share.ImageName} with your project.", "/inbox", share.ImageId),
            cancellationToken);

    /// <summary>After the commit: wakes the outbox worker and tells the consumer's open pages.</summary>
    public async Task PublishAsync(ShareNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.MailedTo.Count > 0)
        {
            outbox.Notify();
        }

        await live.PublishAsync(ProjectIdPolicy.Normalise(notice.ConsumerProjectId), notice.Live);
    }

    private async Task<ShareNotice> QueueAsync(PortalDbContext db, ShareFacts share, IEnumerable<string?> extraEmails,
        Func<string, ShareFacts, string, EmailContent> template, LiveNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(share);
        var contacts = await ProjectDirectory.ContactsAsync(db, share.Consumer.Id, cancellationToken);
        var recipients = extraEmails.OfType<string>().Select(e => e.Trim()).Where(e => e.Length > 0).Concat(contacts)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var now = clock.GetUtcNow();
        foreach (var to in recipients)
        {
            db.Outbox.Add(template(to, share, email.Value.PortalUrl).ToOutbox(share.Producer.Id, now));
        }

        return new ShareNotice(share.Consumer.Id, notice, recipients);
    }
}
