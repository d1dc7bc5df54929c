using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.MyImages;

/// <summary>
/// The producer's view of the Images API: own images, their members, remove (adding is <see cref="MemberSharingService"/>). The acting project is the
/// session's; ownership is checked here as well as by the API, and there is deliberately no way to set a member's status.
/// </summary>
public sealed class MyImagesService(
    IImagesClient images,
    ICurrentIdentity identity,
    Shared.MemberListCache memberLists,
    IOptions<ImagesApiOptions> apiOptions,
    IOptions<PortalOptions> portalOptions,
    AuditLog audit,
    ProjectDirectory directory,
    ShareNotices notices,
    IDbContextFactory<PortalDbContext> store,
    IOptions<Shares.SharesOptions> sharesOptions,
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
{
    public const int DefaultPageSize = 20;

    /// <summary>
    /// The page keeps its image for the life of the circuit and hands it from prerendering to the circuit: without the
    /// properties it never shows (each a <c>JsonElement</c> holding its own document).
    /// </summary>
    private static GlanceImage WithoutExtras(GlanceImage image)
    {
        image.Extra = null;
        return image;
    }

    public Task<ImagesResult<MyImagesSlice>> ListAsync(string? marker, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<MyImagesSlice>(async who =>
        {
            // One image more than shown tells whether a next page exists: Glance sends `next` whenever a page is full,
            // even when nothing follows.
            var size = Math.Clamp(pageSize, 1, 100);
            var page = await images.ListImagesAsync(new ImageListQuery
            {
                Owner = who.ProjectId,
                Visibility = "all",
                Limit = size + 1,
                Marker = marker,
                Sort = "name:asc",
            }, cancellationToken);
            if (!page.IsSuccess)
            {
                return page.Error;
            }

            var shown = page.Value.Images.Take(size).ToList();
            var nextMarker = page.Value.Images.Count > size ? shown[^1].Id : null;

            // One members call per shared row shown, a few at a time, each cached briefly.
            using var gate = new SemaphoreSlim(apiOptions.Value.MaxParallelCalls);
            var rows = await Task.WhenAll(shown.Select(async image =>
            {
                if (image.Visibility != Visibilities.Shared)
                {
                    return MyImageRow.From(image, null);
                }

                await gate.WaitAsync(cancellationToken);
                try
                {
                    var members = await GetMembersCachedAsync(who.ProjectId, image.Id, cancellationToken);
                    return MyImageRow.From(image, members.IsSuccess ? MemberCounts.Of(members.Value) : null);
                }
                finally
                {
                    gate.Release();
                }
            }));
            return ImagesResult<MyImagesSlice>.Success(new MyImagesSlice(rows, nextMarker));
        }, cancellationToken);

    /// <summary>The members of one of the session's images, through the same short cache as the list (for the dashboard).</summary>
    public Task<ImagesResult<IReadOnlyList<GlanceMember>>> MembersAsync(string imageId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync(who => GetMembersCachedAsync(who.ProjectId, imageId, cancellationToken), cancellationToken);

    public Task<ImagesResult<ImageDetail>> GetAsync(string imageId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<ImageDetail>(async who =>
        {
            var image = await images.GetImageAsync(imageId, cancellationToken);
            if (!image.IsSuccess)
            {
                return image.Error;
            }

            var isOwner = image.Value.Owner == who.ProjectId;
            if (!isOwner || image.Value.Visibility != Visibilities.Shared)
            {
                var ownerName = await directory.NamesAsync([image.Value.Owner], cancellationToken);
                return ImagesResult<ImageDetail>.Success(new ImageDetail(WithoutExtras(image.Value), [], isOwner, portalOptions.Value.MemberQuota, ownerName));
            }

            await InvalidateAsync(who.ProjectId, imageId);
            var members = await GetMembersCachedAsync(who.ProjectId, imageId, cancellationToken);
            if (!members.IsSuccess)
            {
                return members.Error;
            }

            var names = await directory.NamesAsync(members.Value.Select(m => m.MemberId).Append(who.ProjectId), cancellationToken);
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var ends = await db.ShareTerms.AsNoTracking()
                .Where(t => t.ImageId == imageId && t.OwnerProjectId == who.ProjectId && t.EndState == ShareEndState.Scheduled && t.EndsAt != null)
                .ToDictionaryAsync(t => t.MemberId, t => t.EndsAt!.Value, StringComparer.Ordinal, cancellationToken);
            return ImagesResult<ImageDetail>.Success(new ImageDetail(WithoutExtras(image.Value), members.Value, isOwner, portalOptions.Value.MemberQuota, names) { Ends = ends });
        }, cancellationToken);


    public async Task<ImagesResult<GlanceImage>> SwitchToSharedAsync(string imageId, CancellationToken cancellationToken = default)
    {
        var owned = await OwnedImageAsync(imageId, AuditActions.VisibilityShared, null,
            Words.Say(localizer, "MyImages.OnlyOwnerVisibility"), cancellationToken);
        if (!owned.IsSuccess)
        {
            return owned.Error;
        }

        var (who, image) = owned.Value;
        var switched = await images.SetVisibilityAsync(imageId, Visibilities.Shared, cancellationToken);
        await audit.RecordAsync(who, AuditActions.VisibilityShared, imageId, who.ProjectId, null,
            switched.IsSuccess ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            switched.IsSuccess ? $"Visibility {image.Visibility} → shared." : switched.Error.Message, cancellationToken);
        return switched;
    }

    /// <summary>Removes a member; the consumer is told by mail and live notice, in the same SaveChanges as the history event.</summary>
    public async Task<ImagesResult<IReadOnlyList<string>>> RemoveMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var owned = await OwnedImageAsync(imageId, AuditActions.MemberRemove, memberId,
            Words.Say(localizer, "MyImages.OnlyOwnerRemove"), cancellationToken);
        if (!owned.IsSuccess)
        {
            return owned.Error;
        }

        var (who, image) = owned.Value;
        var removed = await images.RemoveMemberAsync(imageId, memberId, cancellationToken);
        await InvalidateAsync(who.ProjectId, imageId);
        if (!removed.IsSuccess)
        {
            await audit.RecordAsync(who, AuditActions.MemberRemove, imageId, who.ProjectId, memberId, AuditOutcome.Refused, removed.Error.Message, cancellationToken);
            return removed.Error;
        }

        var names = await directory.NamesAsync([memberId, who.ProjectId], cancellationToken);
        var share = new ShareFacts(image.Id, image.Name ?? image.Id, names[who.ProjectId] with { Name = names[who.ProjectId].Name ?? who.ProjectName }, names[memberId], who.UserName);
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var notice = await notices.QueueRemovedAsync(db, share, cancellationToken);
        var normalised = ProjectIdPolicy.Normalise(memberId);
        if (await db.ShareTerms.SingleOrDefaultAsync(t => t.ImageId == imageId && t.MemberId == normalised, cancellationToken) is { EndState: ShareEndState.Scheduled } scheduled)
        {
            // Removed by hand before its end date: the schedule has nothing left to do.
            Shares.ShareTerms.Schedule(scheduled, null, null, who.UserName, clock.GetUtcNow(), sharesOptions.Value);
        }

        db.AuditEvents.Add(audit.Create(who, AuditActions.MemberRemove, imageId, who.ProjectId, memberId, AuditOutcome.Succeeded,
            "Removed on the image page." + (notice.MailedTo.Count == 0 ? "" : $" Mailed {string.Join(", ", notice.MailedTo)}.")));
        await db.SaveChangesAsync(CancellationToken.None);
        await notices.PublishAsync(notice);
        return ImagesResult<IReadOnlyList<string>>.Success(notice.MailedTo);
    }

    /// <summary>
    /// The session's identity and the image when its project owns the image; otherwise the refusal in plain
    /// words (in English in history), recorded in history as a refused <paramref name="action"/>.
    /// </summary>
    private async Task<ImagesResult<(PortalIdentity Who, GlanceImage Image)>> OwnedImageAsync(
        string imageId, string action, string? memberId, Said refusal, CancellationToken cancellationToken)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return image.Error;
        }

        if (image.Value.Owner != who.ProjectId)
        {
            await audit.RecordAsync(who, action, imageId, image.Value.Owner, memberId, AuditOutcome.Refused, refusal.Recorded, cancellationToken);
            return new ImagesError(ImagesErrorKind.Forbidden, refusal.Shown);
        }

        return ImagesResult<(PortalIdentity, GlanceImage)>.Success((who, image.Value));
    }

    private Task<ImagesResult<IReadOnlyList<GlanceMember>>> GetMembersCachedAsync(string projectId, string imageId, CancellationToken cancellationToken) =>
        memberLists.GetAsync(images, projectId, imageId, cancellationToken);

    private ValueTask InvalidateAsync(string projectId, string imageId) => memberLists.InvalidateAsync(projectId, imageId);
}
