namespace ImageSharePortal.Web.Features.History;

/// <summary>History events with the names of the projects and images they mention.</summary>
public sealed record HistoryView(IReadOnlyList<AuditEvent> Events, ProjectNames Names)
{
    /// <summary>Image names by ID, where the portal knows them (listings, requests, time-limited shares).</summary>
    public IReadOnlyDictionary<string, string> ImageNames { get; init; } = new Dictionary<string, string>();

    public int Total { get; init; }
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = HistoryService.PageSize;

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// Read-only views of the audit trail: an image's history for its owner, and a project's history (what it did, what was
/// done for it, and what happened to its images), filtered and paged, or all of it for a CSV export.
/// </summary>
public sealed class HistoryService(IDbContextFactory<PortalDbContext> store, ICurrentIdentity identity, ProjectDirectory directory)
{
    public const int MaxEvents = 500;
    public const int PageSize = 50;
    public const int MaxExport = 10_000;

    /// <summary>Everything recorded about one image of the session's project (its owner's view).</summary>
    public Task<ImagesResult<HistoryView>> ForImageAsync(string imageId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<HistoryView>(async who =>
        {
            return await StoreCall.RunAsync(async () =>
            {
                await using var db = await store.CreateDbContextAsync(cancellationToken);
                var events = await db.AuditEvents.AsNoTracking()
                    .Where(e => e.ImageId == imageId && e.OwnerProjectId == who.ProjectId)
                    .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxEvents).ToListAsync(cancellationToken);
                return await WithNamesAsync(db, events, cancellationToken);
            });
        }, cancellationToken);

    /// <summary>One page of the session project's history under the filters.</summary>
    public Task<ImagesResult<HistoryView>> ForMyProjectAsync(HistoryQuery? query = null, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync(who => SearchAsync(who, query ?? new HistoryQuery(), PageSize, cancellationToken), cancellationToken);

    /// <summary>
    /// The events of <paramref name="who"/>'s project under the filters, newest first: the page asked for, or with
    /// <paramref name="take"/> = <see cref="MaxExport"/> everything from the first (the export).
    /// </summary>
    public async Task<ImagesResult<HistoryView>> SearchAsync(PortalIdentity who, HistoryQuery query, int take, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(query);
        return await StoreCall.RunAsync(async () =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var me = ProjectIdPolicy.Normalise(who.ProjectId);
            var events = db.AuditEvents.AsNoTracking()
                .Where(e => e.ActingProjectId == who.ProjectId || e.MemberId == me || e.MemberId == who.ProjectId || e.OwnerProjectId == who.ProjectId);
            events = await FilterAsync(db, events, query, cancellationToken);
            var total = await events.CountAsync(cancellationToken);
            var page = take >= MaxExport ? 1 : Math.Min(query.Page, Math.Max(1, (total + take - 1) / take));
            var shown = await events.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip((page - 1) * take).Take(take).ToListAsync(cancellationToken);
            return await WithNamesAsync(db, shown, cancellationToken) with { Total = total, Page = page, PageSize = take };
        });
    }

    private async Task<IQueryable<AuditEvent>> FilterAsync(PortalDbContext db, IQueryable<AuditEvent> events, HistoryQuery query, CancellationToken cancellationToken)
    {
        if (query.Image is { } image)
        {
            // An image ID, or the name the portal knows it by.
            var named = await ImageIdsNamedAsync(db, image, cancellationToken);
            events = events.Where(e => e.ImageId == image || named.Contains(e.ImageId!));
        }

        if (query.Project is { } project)
        {
            var ids = (await directory.FindByNameAsync(project, cancellationToken)).Select(p => p.Id).Append(project).Append(ProjectIdPolicy.Normalise(project)).Distinct().ToList();
            events = events.Where(e => ids.Contains(e.ActingProjectId!) || ids.Contains(e.OwnerProjectId!) || ids.Contains(e.MemberId!));
        }

        if (query.Action is { } action)
        {
            events = events.Where(e => e.Action == action);
        }

        if (query.Outcome is { } outcome)
        {
            events = events.Where(e => e.Outcome == outcome);
        }

        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            events = events.Where(e => e.At >= start);
        }

        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            events = events.Where(e => e.At < end);
        }

        return events;
    }

    private static async Task<List<string>> ImageIdsNamedAsync(PortalDbContext db, string name, CancellationToken cancellationToken)
    {
        var fromListings = await db.Listings.AsNoTracking().Where(l => l.ImageName == name || l.Title == name).Select(l => l.ImageId).ToListAsync(cancellationToken);
        var fromRequests = await db.AccessRequests.AsNoTracking().Where(r => r.ImageName == name).Select(r => r.ImageId).ToListAsync(cancellationToken);
        var fromShares = await db.ShareTerms.AsNoTracking().Where(t => t.ImageName == name).Select(t => t.ImageId).ToListAsync(cancellationToken);
        return [.. fromListings.Concat(fromRequests).Concat(fromShares).Distinct()];
    }

    private async Task<HistoryView> WithNamesAsync(PortalDbContext db, List<AuditEvent> events, CancellationToken cancellationToken)
    {
        var imageIds = events.Select(e => e.ImageId).OfType<string>().Distinct().ToList();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var term in await db.ShareTerms.AsNoTracking().Where(t => imageIds.Contains(t.ImageId)).Select(t => new { t.ImageId, t.ImageName }).ToListAsync(cancellationToken))
        {
            names.TryAdd(term.ImageId, term.ImageName);
        }

        foreach (var request in await db.AccessRequests.AsNoTracking().Where(r => imageIds.Contains(r.ImageId)).Select(r => new { r.ImageId, r.ImageName }).ToListAsync(cancellationToken))
        {
            names.TryAdd(request.ImageId, request.ImageName);
        }

        foreach (var listing in await db.Listings.AsNoTracking().Where(l => imageIds.Contains(l.ImageId)).Select(l => new { l.ImageId, l.ImageName, l.Title }).ToListAsync(cancellationToken))
        {
            names[listing.ImageId] = listing.ImageName is { Length: > 0 } ? listing.ImageName : listing.Title;
        }

        var projects = await directory.NamesAsync(events.SelectMany(e => new[] { e.ActingProjectId, e.OwnerProjectId, e.MemberId }), cancellationToken);
        return new HistoryView(events, projects) { ImageNames = names, Total = events.Count };
    }
}

/// <summary>Turns a failing portal store into the error state of a data view, not an exception on the page.</summary>
public static class StoreCall
{
    public static readonly ImagesError Unavailable = new(ImagesErrorKind.Unavailable, "The portal's store did not answer. Try again in a moment.")
    {
        Code = "Errors.Store",
    };

    public static async Task<ImagesResult<T>> RunAsync<T>(Func<Task<T>> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return ImagesResult<T>.Success(await read());
        }
        catch (System.Data.Common.DbException)
        {
            return Unavailable;
        }
    }
}
