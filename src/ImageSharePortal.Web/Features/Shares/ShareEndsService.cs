using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>Wakes the share-end worker after an end date was set.</summary>
public sealed class ShareEndSignal : WorkSignal;

/// <summary>How setting or clearing an end date went, in the producer's words.</summary>
public sealed record EndDateResult(bool Succeeded, string Message, DateTimeOffset? EndsAt = null);

/// <summary>
/// The producer's side of time-limited shares: set, move or clear a member's end date. The acting project is the
/// session's and must own the image; the member must exist in the Images API. The consumer is mailed the new date in
/// the same SaveChanges as the history event.
/// </summary>
public sealed class ShareEndsService(
    ProducerShares shares,
    IDbContextFactory<PortalDbContext> store,
    AuditLog audit,
    ProjectDirectory directory,
    ShareNotices notices,
    ShareEndSignal signal,
    IServiceImagesCaller service,
    IOptions<SharesOptions> options,
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
{
    /// <summary>Why end dates cannot be set here (no service account to act at the end); null when they can.</summary>
    public string? Unavailable => service.Unavailable;

    public async Task<EndDateResult> SetAsync(string imageId, string memberId, DateTimeOffset? endsAt, CancellationToken cancellationToken = default)
    {
        var action = endsAt is null ? AuditActions.ShareEndClear : AuditActions.ShareEndSet;
        var now = clock.GetUtcNow();
        var (found, refusal) = await shares.FindAsync(imageId, memberId, action, Words.Say(localizer, "Shares.OnlyOwnerEnd"),
            () => endsAt is { } end ? (Unavailable is { } unavailable ? new Said(unavailable, unavailable) : ShareSchedule.Check(end, now, options.Value, localizer)) : null, cancellationToken);
        if (found is not { Who: var who, Image: var image, Member: var member })
        {
            return new EndDateResult(false, refusal!);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var term = await ShareTerms.GetOrAddAsync(db, imageId, image.Name ?? imageId, who.ProjectId, memberId, now, cancellationToken);
        if (term.LeaseUntil > now)
        {
            return new EndDateResult(false, localizer["Shares.EndingNow"]);
        }

        var before = term.EndState == ShareEndState.Scheduled ? term.EndsAt : null;
        if (before == endsAt)
        {
            return new EndDateResult(true, endsAt is null ? localizer["Shares.HasNoEnd"] : localizer["Shares.AlreadyEnds", Format(endsAt)], endsAt);
        }

        ShareTerms.Schedule(term, endsAt, member.CreatedAt, who.UserName, now, options.Value);
        var names = await directory.NamesAsync([memberId, who.ProjectId], cancellationToken);
        var share = new ShareFacts(imageId, term.ImageName, names[who.ProjectId] with { Name = names[who.ProjectId].Name ?? who.ProjectName }, names[memberId], who.UserName);
        var notice = await notices.QueueToConsumerAsync(db, share, (to, url) => ShareMails.EndChanged(to, share, endsAt, url),
            new LiveNotice(endsAt is null
                ? $"{share.Producer.Name ?? share.Producer.Id} removed the end date of {share.ImageName}: it no longer ends by itself."
                : $"{share.Producer.Name ?? share.Producer.Id} shares {share.ImageName} with your project until {Format(endsAt)}.", "/inbox", imageId)
            {
                Key = endsAt is null ? "Notices.EndCleared" : "Notices.EndChanged",
                Args = [share.Producer.Name ?? share.Producer.Id, share.ImageName],
                At = endsAt,
            },
            cancellationToken);
        var told = notice.MailedTo.Count == 0 ? "" : $" Mailed {string.Join(", ", notice.MailedTo)}.";
        db.AuditEvents.Add(audit.Create(who, action, imageId, who.ProjectId, term.MemberId, AuditOutcome.Succeeded,
            (endsAt is null ? $"No end date any more (was {Format(before)})." : $"Ends {Format(endsAt)} (was {Format(before)}).") + told));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // Another instance's worker claimed the row, or another producer set the date at the same moment.
            return new EndDateResult(false, localizer["Shares.ChangedMeanwhile"]);
        }

        signal.Notify();
        await notices.PublishAsync(notice);
        var mailed = notice.MailedTo.Count == 0 ? "" : " " + localizer["Shares.Mailed", string.Join(", ", notice.MailedTo)].Value;
        return new EndDateResult(true, (endsAt is null
            ? localizer["Shares.NoLongerEnds", Words.Phrase(share.Consumer)]
            : localizer["Shares.EndsThen", Words.Phrase(share.Consumer), Format(endsAt)]).Value + mailed, endsAt);
    }

    private static string Format(DateTimeOffset? at) => at is null ? "no end date" : Components.Shared.Format.DateTime(at);
}
