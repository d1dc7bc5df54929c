
namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>What was queued for one share change: who gets a mail, and the live notice to publish to a project once it is committed.</summary>
public sealed record ShareNotice(string ProjectId, LiveNotice Live, IReadOnlyList<string> MailedTo);

/// <summary>
/// Every share is a message: adding a member (directly, in bulk or by approval) and removing one mail the consumer
/// project's known contacts (plus any address given with the share) and show a live notice on its open pages.
/// The mails go into the caller's DbContext, so they are saved in the same SaveChanges as the history event.
/// </summary>
public sealed class ShareNotices(LiveNotifier live, OutboxSignal outbox, ProjectContacts producers, IOptions<EmailOptions> email, TimeProvider clock)
{
    public Task<ShareNotice> QueueSharedAsync(PortalDbContext db, ShareFacts share, IEnumerable<string?> extraEmails, CancellationToken cancellationToken) =>
        QueueAsync(db, share, extraEmails, (to, url) => EmailTemplates.SharedWithYou(to, share, url),
            new LiveNotice($"{share.Producer.Name ?? "Project " + share.Producer.Id} shared {share.ImageName} with your project: it is in your inbox.", "/inbox", share.ImageId)
            {
                Key = share.Producer.Name is null ? "Notices.SharedByProject" : "Notices.Shared",
                Args = [share.Producer.Name ?? share.Producer.Id, share.ImageName],
            },
            cancellationToken);

    public Task<ShareNotice> QueueRemovedAsync(PortalDbContext db, ShareFacts share, CancellationToken cancellationToken) =>
        QueueAsync(db, share, [], (to, url) => EmailTemplates.ShareRemoved(to, share, url),
            new LiveNotice($"{share.Producer.Name ?? "Project " + share.Producer.Id} stopped sharing {share.ImageName} with your project.", "/inbox", share.ImageId)
            {
                Key = share.Producer.Name is null ? "Notices.RemovedByProject" : "Notices.Removed",
                Args = [share.Producer.Name ?? share.Producer.Id, share.ImageName],
            },
            cancellationToken);

    /// <summary>After the commit: wakes the outbox worker and tells the consumer's open pages.</summary>
    public async Task PublishAsync(ShareNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.MailedTo.Count > 0)
        {
            outbox.Notify();
        }

        await live.PublishAsync(ProjectIdPolicy.Normalise(notice.ProjectId), notice.Live);
    }

    /// <summary>Mails the consumer project's known contacts (<paramref name="mail"/> gets the address and the portal's URL).</summary>
    public Task<ShareNotice> QueueToConsumerAsync(PortalDbContext db, ShareFacts share, Func<string, string, EmailContent> mail, LiveNotice notice, CancellationToken cancellationToken) =>
        QueueAsync(db, share, [], mail, notice, cancellationToken);

    /// <summary>Mails the producer project's contact for the image (see <see cref="ProjectContacts"/>); the live notice goes to the producer's pages.</summary>
    public async Task<ShareNotice> QueueToProducerAsync(PortalDbContext db, ShareFacts share, Func<string, string, EmailContent> mail, LiveNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(share);
        ArgumentNullException.ThrowIfNull(mail);
        var to = await producers.ProducerEmailAsync(db, share.Producer.Id, share.ImageId, cancellationToken);
        if (to is not null)
        {
            var language = await MailLanguage.ForAsync(db, to, cancellationToken);
            db.Outbox.Add(MailLanguage.Compose(language, () => mail(to, email.Value.PortalUrl)).ToOutbox(share.Producer.Id, clock.GetUtcNow()));
        }

        return new ShareNotice(share.Producer.Id, notice, to is null ? [] : [to]);
    }

    private async Task<ShareNotice> QueueAsync(PortalDbContext db, ShareFacts share, IEnumerable<string?> extraEmails,
        Func<string, string, EmailContent> template, LiveNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(share);
        var contacts = await ProjectDirectory.ContactsAsync(db, share.Consumer.Id, cancellationToken);
        var recipients = extraEmails.OfType<string>().Select(e => e.Trim()).Where(e => e.Length > 0).Concat(contacts)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var now = clock.GetUtcNow();
        foreach (var to in recipients)
        {
            var language = await MailLanguage.ForAsync(db, to, cancellationToken);
            db.Outbox.Add(MailLanguage.Compose(language, () => template(to, email.Value.PortalUrl)).ToOutbox(share.Producer.Id, now));
        }

        return new ShareNotice(share.Consumer.Id, notice, recipients);
    }
}
