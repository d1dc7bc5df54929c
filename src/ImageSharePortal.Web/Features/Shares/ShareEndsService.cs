using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
    TimeProvider clock)
{
    /// <summary>Why end dates cannot be set here (no service account to act at the end); null when they can.</summary>
    public string? Unavailable => service.Unavailable;

    public async Task<EndDateResult> SetAsync(string imageId, string memberId, DateTimeOffset? endsAt, CancellationToken cancellationToken = default)
    {
        var action = endsAt is null ? AuditActions.ShareEndClear : AuditActions.ShareEndSet;
        var now = clock.GetUtcNow();
        var (found, refusal) = await shares.FindAsync(imageId, memberId, action, "Only the project that owns this image can set when its shares end.",
            () => endsAt is { } end ? Unavailable ?? ShareSchedule.Check(end, now, options.Value) : null, cancellationToken);
        if (found is not { Who: var who, Image: var image, Member: var member })
        {
            return new EndDateResult(false, refusal!);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var term = await ShareTerms.GetOrAddAsync(db, imageId, image.Name ?? imageId, who.ProjectId, memberId, now, cancellationToken);
        if (term.LeaseUntil > now)
        {
            return new EndDateResult(false, "The portal is ending this share right now. Reload the page in a moment.");
        }

        var before = term.EndState == ShareEndState.Scheduled ? term.EndsAt : null;
        if (before == endsAt)
        {
            return new EndDateResult(true, endsAt is null ? "The share has no end date." : $"The share already ends {Format(endsAt)}.", endsAt);
        }

        ShareTerms.Schedule(term, endsAt, member.CreatedAt, who.UserName, now, options.Value);
        var names = await directory.NamesAsync([memberId, who.ProjectId], cancellationToken);
        var share = new ShareFacts(imageId, term.ImageName, names[who.ProjectId] with { Name = names[who.ProjectId].Name ?? who.ProjectName }, names[memberId], who.UserName);
        var notice = await notices.QueueToConsumerAsync(db, share, (to, url) => ShareMails.EndChanged(to, share, endsAt, url),
            new LiveNotice(endsAt is null
                ? $"{share.Producer.Name ?? share.Producer.Id} removed the end date of {share.ImageName}: it no longer ends by itself."
                : $"{share.Producer.Name ?? share.Producer.Id} shares {share.ImageName} with your project until {Format(endsAt)}.", "/inbox", imageId),
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
            return new EndDateResult(false, "The share changed while you were setting its end date. Reload the page and try again.");
        }

        signal.Notify();
        await notices.PublishAsync(notice);
        return new EndDateResult(true, endsAt is null
            ? $"The share with {share.Consumer.Phrase} no longer ends by itself.{told}"
            : $"The share with {share.Consumer.Phrase} ends {Format(endsAt)}; then the portal removes the member. Both sides are told ahead.{told}", endsAt);
    }

    private static string Format(DateTimeOffset? at) => at is null ? "no end date" : Components.Shared.Format.DateTime(at);
}
