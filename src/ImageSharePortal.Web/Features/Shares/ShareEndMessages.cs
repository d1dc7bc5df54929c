
namespace ImageSharePortal.Web.Features.Shares;

/// <summary>What the share-end worker tells people and records: both sides' mails and live notices, and history.</summary>
internal sealed class ShareEndMessages(ShareNotices notices, ProjectDirectory directory, AuditLog audit)
{
    /// <summary>Who history names for what the worker does.</summary>
    public const string WorkerName = "ImageSharePortal (end date)";

    public async Task<IReadOnlyList<ShareNotice>> QueueEndsSoonAsync(PortalDbContext db, ShareTerm term, DateTimeOffset endsAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var share = await FactsAsync(term, cancellationToken);
        var left = ShareSchedule.Describe(endsAt - now);
        var consumer = await notices.QueueToConsumerAsync(db, share, (to, url) => ShareMails.EndsSoon(to, share, endsAt, now, toProducer: false, url),
            new LiveNotice($"{share.ImageName}, shared by {share.Producer.Name ?? share.Producer.Id}, stops being shared with your project in {left}.", "/inbox", term.ImageId)
            {
                Key = "Notices.EndsSoonConsumer",
                Args = [share.ImageName, share.Producer.Name ?? share.Producer.Id],
                Left = endsAt - now,
            },
            cancellationToken);
        var producer = await notices.QueueToProducerAsync(db, share, (to, url) => ShareMails.EndsSoon(to, share, endsAt, now, toProducer: true, url),
            new LiveNotice($"The share of {share.ImageName} with {share.Consumer.Name ?? share.Consumer.Id} ends in {left}.", $"/images/{Uri.EscapeDataString(term.ImageId)}", term.ImageId)
            {
                Key = "Notices.EndsSoonProducer",
                Args = [share.ImageName, share.Consumer.Name ?? share.Consumer.Id],
                Left = endsAt - now,
            },
            cancellationToken);
        Record(db, term, AuditActions.ShareEndNotice, AuditOutcome.Succeeded,
            $"Told both sides the share ends in {left} ({Components.Shared.Format.DateTime(endsAt)}).{Mailed(consumer, producer)}");
        return [consumer, producer];
    }

    public async Task<IReadOnlyList<ShareNotice>> QueueEndedAsync(PortalDbContext db, ShareTerm term, DateTimeOffset endsAt, CancellationToken cancellationToken)
    {
        var share = await FactsAsync(term, cancellationToken);
        var consumer = await notices.QueueToConsumerAsync(db, share, (to, url) => ShareMails.Ended(to, share, endsAt, toProducer: false, url),
            new LiveNotice($"The share of {share.ImageName} by {share.Producer.Name ?? share.Producer.Id} with your project has ended.", "/inbox", term.ImageId)
            {
                Key = "Notices.EndedConsumer",
                Args = [share.ImageName, share.Producer.Name ?? share.Producer.Id],
            },
            cancellationToken);
        var producer = await notices.QueueToProducerAsync(db, share, (to, url) => ShareMails.Ended(to, share, endsAt, toProducer: true, url),
            new LiveNotice($"The share of {share.ImageName} with {share.Consumer.Name ?? share.Consumer.Id} ended: the member was removed.", $"/images/{Uri.EscapeDataString(term.ImageId)}", term.ImageId)
            {
                Key = "Notices.EndedProducer",
                Args = [share.ImageName, share.Consumer.Name ?? share.Consumer.Id],
            },
            cancellationToken);
        Record(db, term, AuditActions.ShareEnded, AuditOutcome.Succeeded,
            $"Removed the member at the end date ({Components.Shared.Format.DateTime(endsAt)}).{Mailed(consumer, producer)}");
        return [consumer, producer];
    }

    public void RecordSkipped(PortalDbContext db, ShareTerm term, string reason) =>
        Record(db, term, AuditActions.ShareEndSkipped, AuditOutcome.Succeeded, reason);

    public void RecordFailure(PortalDbContext db, ShareTerm term, string error, DateTimeOffset retryAt) =>
        Record(db, term, AuditActions.ShareEnded, AuditOutcome.Failed,
            $"Could not remove the member at the end date: {error} The portal keeps trying (next at {Components.Shared.Format.DateTime(retryAt)}).");

    public async Task PublishAsync(IEnumerable<ShareNotice> told)
    {
        foreach (var notice in told)
        {
            await notices.PublishAsync(notice);
        }
    }

    private void Record(PortalDbContext db, ShareTerm term, string action, AuditOutcome outcome, string detail)
    {
        var e = audit.Create(null, action, term.ImageId, term.OwnerProjectId, term.MemberId, outcome, detail, WorkerName);
        e.ActingProjectId = term.OwnerProjectId;
        db.AuditEvents.Add(e);
    }

    private async Task<ShareFacts> FactsAsync(ShareTerm term, CancellationToken cancellationToken)
    {
        var names = await directory.NamesAsync([term.OwnerProjectId, term.MemberId], cancellationToken);
        return new ShareFacts(term.ImageId, term.ImageName, names[term.OwnerProjectId], names[term.MemberId], term.EndSetBy);
    }

    private static string Mailed(params ShareNotice[] told)
    {
        var to = told.SelectMany(t => t.MailedTo).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return to.Count == 0 ? " Nobody could be mailed." : $" Mailed {string.Join(", ", to)}.";
    }
}
