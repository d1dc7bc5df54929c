using System.Globalization;
using ImageSharePortal.Web.Features.Inbox;
using ImageSharePortal.Web.Features.MyImages;
using ImageSharePortal.Web.Localization;

namespace ImageSharePortal.Web.Features.Dashboard;

/// <summary>One image's funnel: requests and approvals from history; members by status from the Images API now.</summary>
public sealed record ImageFunnel(string ImageId, string Name, int Requested, int Approved, int Accepted, int Rejected, int Pending);

/// <summary>One week (Monday, UTC) of shares added and accepted, from history.</summary>
public sealed record WeekCount(DateOnly Week, int Added, int Accepted);

/// <summary>How long the pending shares of the producer's images have waited, in buckets (<see cref="AgeBuckets"/>).</summary>
public sealed record PendingAge(string Bucket, int Count);

/// <summary>The names of the pending-age buckets; the page says them in the person's language.</summary>
public static class AgeBuckets
{
    public const string Under1Day = "under-1-day";
    public const string Days1To7 = "1-7-days";
    public const string Weeks1To4 = "1-4-weeks";
    public const string Over4Weeks = "over-4-weeks";
}

/// <summary>A share that ends soon (either side's view).</summary>
public sealed record EndingShare(string ImageId, string ImageName, ProjectLabel Other, DateTimeOffset EndsAt);

/// <summary>A share still pending in the consumer's inbox, and since when (when the portal made it).</summary>
public sealed record WaitingShare(string ImageId, string ImageName, ProjectLabel Producer, DateTimeOffset? Since);

public sealed record ProducerPicture(
    IReadOnlyList<ImageFunnel> Funnels, IReadOnlyList<PendingAge> PendingAges, IReadOnlyList<WeekCount> Weeks,
    int OpenRequests, IReadOnlyList<EndingShare> EndingSoon, bool MoreImages);

public sealed record ConsumerPicture(IReadOnlyList<WaitingShare> PendingLongest, IReadOnlyList<EndingShare> EndingSoon);

public sealed record DashboardPicture(ProducerPicture Producer, ConsumerPicture Consumer, DateTimeOffset At);

/// <summary>
/// The picture of the session project's sharing: the portal's history joined with the Images API's members now. The README
/// says what each number means. Images API calls: the producer's list page and one (cached) members call per shared image on
/// it, and the inbox's pending list.
/// </summary>
public sealed class DashboardService(
    MyImagesService myImages,
    InboxService inbox,
    ICurrentIdentity identity,
    IDbContextFactory<PortalDbContext> store,
    ProjectDirectory directory,
    TimeProvider clock)
{
    public const int Weeks = 12;
    public const int MaxImages = 50;
    public static readonly TimeSpan EndingWithin = TimeSpan.FromDays(7);

    public Task<ImagesResult<DashboardPicture>> LoadAsync(CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<DashboardPicture>(async who =>
        {
            var now = clock.GetUtcNow();
            var producer = await ProducerAsync(who.ProjectId, now, cancellationToken);
            if (!producer.IsSuccess)
            {
                return producer.Error;
            }

            var consumer = await ConsumerAsync(who.ProjectId, now, cancellationToken);
            return consumer.IsSuccess ? ImagesResult<DashboardPicture>.Success(new DashboardPicture(producer.Value, consumer.Value, now)) : consumer.Error;
        }, cancellationToken);

    private async Task<ImagesResult<ProducerPicture>> ProducerAsync(string projectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var list = await myImages.ListAsync(null, MaxImages, cancellationToken);
        if (!list.IsSuccess)
        {
            return list.Error;
        }

        var shared = list.Value.Rows.Where(r => r.Visibility == Visibilities.Shared).ToList();
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var ids = shared.Select(r => r.Id).ToList();
        var counted = await db.AuditEvents.AsNoTracking()
            .Where(e => e.OwnerProjectId == projectId && e.Outcome == AuditOutcome.Succeeded && e.ImageId != null && ids.Contains(e.ImageId)
                && (e.Action == AuditActions.RequestSubmit || e.Action == AuditActions.RequestApprove))
            .GroupBy(e => new { e.ImageId, e.Action }).Select(g => new { g.Key.ImageId, g.Key.Action, Count = g.Count() })
            .ToListAsync(cancellationToken);
        int Count(string imageId, string action) => counted.FirstOrDefault(c => c.ImageId == imageId && c.Action == action)?.Count ?? 0;

        var funnels = new List<ImageFunnel>();
        var ages = new List<TimeSpan>();
        foreach (var row in shared)
        {
            var members = await myImages.MembersAsync(row.Id, cancellationToken);
            if (!members.IsSuccess)
            {
                return members.Error;
            }

            var m = members.Value;
            funnels.Add(new ImageFunnel(row.Id, row.Name, Count(row.Id, AuditActions.RequestSubmit), Count(row.Id, AuditActions.RequestApprove),
                m.Count(x => x.Status == MemberStatuses.Accepted), m.Count(x => x.Status == MemberStatuses.Rejected), m.Count(x => x.Status == MemberStatuses.Pending)));
            ages.AddRange(m.Where(x => x.Status == MemberStatuses.Pending && x.CreatedAt is not null).Select(x => now - x.CreatedAt!.Value));
        }

        var firstWeek = WeekOf(now).AddDays(-7 * (Weeks - 1));
        var since = new DateTimeOffset(firstWeek.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var weekly = await db.AuditEvents.AsNoTracking()
            .Where(e => e.OwnerProjectId == projectId && e.Outcome == AuditOutcome.Succeeded && e.At >= since
                && (e.Action == AuditActions.MemberAdd || e.Action == AuditActions.ShareAccept))
            .Select(e => new { e.At, e.Action }).ToListAsync(cancellationToken);
        var weeks = Enumerable.Range(0, Weeks).Select(i => firstWeek.AddDays(7 * i))
            .Select(w => new WeekCount(w, weekly.Count(e => e.Action == AuditActions.MemberAdd && WeekOf(e.At) == w), weekly.Count(e => e.Action == AuditActions.ShareAccept && WeekOf(e.At) == w)))
            .ToList();

        var open = await db.AccessRequests.AsNoTracking().CountAsync(r => r.OwnerProjectId == projectId && r.Status == AccessRequestStatus.Open, cancellationToken);
        var until = now + EndingWithin;
        var ending = await db.ShareTerms.AsNoTracking()
            .Where(t => t.OwnerProjectId == projectId && t.EndState == ShareEndState.Scheduled && t.EndsAt <= until)
            .OrderBy(t => t.EndsAt).Take(50).ToListAsync(cancellationToken);
        var names = await directory.NamesAsync(ending.Select(t => t.MemberId), cancellationToken);
        return ImagesResult<ProducerPicture>.Success(new ProducerPicture(funnels, Buckets(ages), weeks, open,
            [.. ending.Select(t => new EndingShare(t.ImageId, t.ImageName, names[t.MemberId], t.EndsAt!.Value))], list.Value.NextMarker is not null));
    }

    private async Task<ImagesResult<ConsumerPicture>> ConsumerAsync(string projectId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = await inbox.LoadTabAsync(MemberStatuses.Pending, cancellationToken);
        if (!pending.IsSuccess)
        {
            return pending.Error;
        }

        var me = ProjectIdPolicy.Normalise(projectId);
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var imageIds = pending.Value.Select(i => i.ImageId).ToList();
        var added = await db.AuditEvents.AsNoTracking()
            .Where(e => e.MemberId == me && e.Action == AuditActions.MemberAdd && e.Outcome == AuditOutcome.Succeeded && e.ImageId != null && imageIds.Contains(e.ImageId))
            .GroupBy(e => e.ImageId!).Select(g => new { ImageId = g.Key, At = g.Max(e => e.At) }).ToListAsync(cancellationToken);
        var until = now + EndingWithin;
        var ending = await db.ShareTerms.AsNoTracking()
            .Where(t => t.MemberId == me && t.EndState == ShareEndState.Scheduled && t.EndsAt <= until)
            .OrderBy(t => t.EndsAt).Take(50).ToListAsync(cancellationToken);
        var names = await directory.NamesAsync(pending.Value.Select(i => i.Owner).Concat(ending.Select(t => t.OwnerProjectId)), cancellationToken);
        var waiting = pending.Value
            .Select(i => new WaitingShare(i.ImageId, i.Name ?? i.ImageId, names[i.Owner], added.FirstOrDefault(a => a.ImageId == i.ImageId)?.At))
            .OrderBy(w => w.Since ?? DateTimeOffset.MaxValue).Take(20).ToList();
        return ImagesResult<ConsumerPicture>.Success(new ConsumerPicture(waiting,
            [.. ending.Select(t => new EndingShare(t.ImageId, t.ImageName, names[t.OwnerProjectId], t.EndsAt!.Value))]));
    }

    /// <summary>The Monday (UTC) of the week of <paramref name="at"/>.</summary>
    public static DateOnly WeekOf(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(at.UtcDateTime);
        return day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
    }

    public static IReadOnlyList<PendingAge> Buckets(IEnumerable<TimeSpan> ages)
    {
        var list = ages.ToList();
        return
        [
            new(AgeBuckets.Under1Day, list.Count(a => a < TimeSpan.FromDays(1))),
            new(AgeBuckets.Days1To7, list.Count(a => a >= TimeSpan.FromDays(1) && a < TimeSpan.FromDays(7))),
            new(AgeBuckets.Weeks1To4, list.Count(a => a >= TimeSpan.FromDays(7) && a < TimeSpan.FromDays(28))),
            new(AgeBuckets.Over4Weeks, list.Count(a => a >= TimeSpan.FromDays(28))),
        ];
    }

    /// <summary>The Monday of a week as the chart labels it, in the culture of the request or circuit.</summary>
    public static string WeekLabel(DateOnly week) => week.ToString(PortalCultureData.DayMonthPattern(CultureInfo.CurrentCulture), CultureInfo.CurrentCulture);
}
