using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
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
    IImagesClient images,
    ICurrentIdentity identity,
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

    public SharesOptions Options => options.Value;

    public async Task<EndDateResult> SetAsync(string imageId, string memberId, DateTimeOffset? endsAt, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return new EndDateResult(false, ImagesError.NotSignedIn.Message);
        }

        var action = endsAt is null ? AuditActions.ShareEndClear : AuditActions.ShareEndSet;
        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return new EndDateResult(false, image.Error.Message);
        }

        async Task<EndDateResult> RefuseAsync(string message)
        {
            await audit.RecordAsync(who, action, imageId, image.Value.Owner, memberId, AuditOutcome.Refused, message, cancellationToken);
            return new EndDateResult(false, message);
        }

        if (image.Value.Owner != who.ProjectId)
        {
            return await RefuseAsync("Only the project that owns this image can set when its shares end.");
        }

        var now = clock.GetUtcNow();
        if (endsAt is { } end && (Unavailable ?? ShareSchedule.Check(end, now, options.Value)) is { } invalid)
        {
            return await RefuseAsync(invalid);
        }

        var member = await images.GetMemberAsync(imageId, memberId, cancellationToken);
        if (!member.IsSuccess)
        {
            return member.Error.Kind == ImagesErrorKind.NotFound
                ? await RefuseAsync($"Project {memberId} is not a member of this image (any more). Reload the page.")
                : new EndDateResult(false, member.Error.Message);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var term = await ShareTerms.GetOrAddAsync(db, imageId, image.Value.Name ?? imageId, who.ProjectId, memberId, now, cancellationToken);
        if (term.LeaseUntil > now)
        {
            return new EndDateResult(false, "The portal is ending this share right now. Reload the page in a moment.");
        }

        var before = term.EndState == ShareEndState.Scheduled ? term.EndsAt : null;
        if (before == endsAt)
        {
            return new EndDateResult(true, endsAt is null ? "The share has no end date." : $"The share already ends {Format(endsAt)}.", endsAt);
        }

        ShareTerms.Schedule(term, endsAt, member.Value.CreatedAt, who.UserName, now, options.Value);
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
