using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Inbox;

/// <summary>
/// What the inbox shows of one share: a small view model, not Glance's wire model (whose extension data would be kept
/// per circuit, and carried into the page's persisted prerender state).
/// </summary>
public sealed record InboxItem(string ImageId, string? Name, string Owner, string? OwnerName, string? OsDistro, string? OsVersion, long? Size, string Status)
{
    /// <summary>When the producer ends the share (a time-limited share); null when it has no end date.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public ProjectLabel OwnerLabel => new(Owner, OwnerName);

    public static InboxItem From(GlanceImage image, string status)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new(image.Id, image.Name, image.Owner ?? "", null, image.OsDistro, image.OsVersion, image.Size, status);
    }
}

public sealed record InboxContents(IReadOnlyList<InboxItem> Pending, IReadOnlyList<InboxItem> Accepted, IReadOnlyList<InboxItem> Rejected, bool Truncated = false)
{
    public int Count => Pending.Count + Accepted.Count + Rejected.Count;

    public IReadOnlyList<InboxItem> For(string status) => status switch
    {
        MemberStatuses.Pending => Pending,
        MemberStatuses.Accepted => Accepted,
        _ => Rejected,
    };
}

/// <summary>
/// The consumer's side: images shared with the signed-in project, by member status. One list call per tab and
/// 1,000 shares: every <c>next</c> page is followed, and the project's own shared images (which Glance also lists
/// under a member_status filter) are dropped.
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
    ProjectDirectory directory,
    Shared.MemberListCache memberLists,
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
{
    /// <summary>Glance's largest page (<c>api_limit_max</c>).</summary>
    public const int PageSize = 1000;

    /// <summary>Pages followed per tab before the inbox says it stopped (50,000 shares in one status).</summary>
    public const int MaxPagesPerTab = 50;

    public Task<ImagesResult<InboxContents>> LoadAsync(CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<InboxContents>(async who =>
        {
            var tabs = await Task.WhenAll(MemberStatuses.All.Select(status => LoadTabAsync(who.ProjectId, status, cancellationToken)));
            var failed = tabs.FirstOrDefault(t => !t.IsSuccess);
            if (failed.Error is not null)
            {
                return failed.Error;
            }

            var (pending, accepted, rejected) = (tabs[0].Value!, tabs[1].Value!, tabs[2].Value!);
            var names = await directory.NamesAsync(pending.Items.Concat(accepted.Items).Concat(rejected.Items).Select(i => i.Owner), cancellationToken);
            var ends = await EndsAsync(who.ProjectId, cancellationToken);
            IReadOnlyList<InboxItem> Named(IReadOnlyList<InboxItem> items) =>
                [.. items.Select(i => i with { OwnerName = names[i.Owner].Name, EndsAt = ends.TryGetValue(i.ImageId, out var at) ? at : null })];
            return ImagesResult<InboxContents>.Success(new InboxContents(Named(pending.Items), Named(accepted.Items), Named(rejected.Items),
                pending.Truncated || accepted.Truncated || rejected.Truncated));
        }, cancellationToken);

    /// <summary>The scheduled ends of the shares to the project, by image ID.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> EndsAsync(string projectId, CancellationToken cancellationToken)
    {
        var member = ProjectIdPolicy.Normalise(projectId);
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var scheduled = await db.ShareTerms.AsNoTracking()
            .Where(t => t.MemberId == member && t.EndState == ShareEndState.Scheduled && t.EndsAt != null)
            .Select(t => new { t.ImageId, t.EndsAt }).ToListAsync(cancellationToken);
        return scheduled.DistinctBy(t => t.ImageId).ToDictionary(t => t.ImageId, t => t.EndsAt!.Value, StringComparer.Ordinal);
    }

    public Task<ImagesResult<IReadOnlyList<InboxItem>>> LoadTabAsync(string status, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<IReadOnlyList<InboxItem>>(async who =>
        {
            var tab = await LoadTabAsync(who.ProjectId, status, cancellationToken);
            return tab.IsSuccess ? ImagesResult<IReadOnlyList<InboxItem>>.Success(tab.Value.Items) : tab.Error;
        }, cancellationToken);

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
            return new ImagesError(ImagesErrorKind.BadRequest, localizer["Inbox.BadStatus"]);
        }

        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var updated = await images.UpdateMemberStatusAsync(imageId, who.ProjectId, status, cancellationToken);
        if (!updated.IsSuccess && updated.Error.Kind is ImagesErrorKind.NotFound or ImagesErrorKind.Forbidden)
        {
            updated = new ImagesError(updated.Error.Kind, localizer["Inbox.NoLongerShared"], updated.Error.StatusCode);
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

        if (updated.IsSuccess && ownerProjectId is not null)
        {
            await memberLists.InvalidateAsync(ownerProjectId, imageId); // the producer's views show the new status at once
        }

        var notify = updated.IsSuccess && status != MemberStatuses.Pending && ownerProjectId is not null;
        var producerEmail = notify ? await contacts.ProducerEmailAsync(db, ownerProjectId!, imageId, cancellationToken) : null;
        if (producerEmail is not null)
        {
            var language = await MailLanguage.ForAsync(db, producerEmail, cancellationToken);
            var message = MailLanguage.Compose(language, () =>
                EmailTemplates.MemberDecided(producerEmail, imageId, imageName ?? imageId, who.ProjectId, who.ProjectName, status, email.Value.PortalUrl));
            db.Outbox.Add(message.ToOutbox(ownerProjectId!, clock.GetUtcNow()));
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (producerEmail is not null)
        {
            outbox.Notify();
        }
    }

    private sealed record Tab(IReadOnlyList<InboxItem> Items, bool Truncated);

    private async Task<ImagesResult<Tab>> LoadTabAsync(string projectId, string status, CancellationToken cancellationToken)
    {
        var query = new ImageListQuery { Visibility = Visibilities.Shared, MemberStatus = status, Limit = PageSize };
        var items = new List<InboxItem>();
        for (var page = 0; page < MaxPagesPerTab; page++)
        {
            var result = await images.ListImagesAsync(query, cancellationToken);
            if (!result.IsSuccess)
            {
                return result.Error;
            }

            // A project's own shared images also match visibility=shared; they are not shares *to* it.
            items.AddRange(result.Value.Images.Where(i => !ProjectIdPolicy.Same(i.Owner, projectId)).Select(i => InboxItem.From(i, status)));

            // Glance sends `next` on every page that is full at its own limit (api_limit_max may be below 1,000), even
            // when nothing follows: the list ends at a page without `next`, or an empty one.
            if (result.Value.NextMarker is null || result.Value.Images.Count == 0)
            {
                return ImagesResult<Tab>.Success(new Tab(items, Truncated: false));
            }

            query = query.WithMarker(result.Value.NextMarker);
        }

        return ImagesResult<Tab>.Success(new Tab(items, Truncated: true));
    }
}
