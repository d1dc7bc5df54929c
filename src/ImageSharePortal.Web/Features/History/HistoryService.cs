using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.Web.Features.History;

/// <summary>Read-only views of the audit trail: an image's history for its owner, a project's own actions.</summary>
/// <summary>History events with the names of the projects they mention.</summary>
public sealed record HistoryView(IReadOnlyList<AuditEvent> Events, ProjectNames Names);

public sealed class HistoryService(IDbContextFactory<PortalDbContext> store, ICurrentIdentity identity, ProjectDirectory directory)
{
    public const int MaxEvents = 500;

    /// <summary>Everything recorded about one image of the session's project (its owner's view).</summary>
    public async Task<ImagesResult<HistoryView>> ForImageAsync(string imageId, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        return await StoreCall.RunAsync(async () =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var events = await db.AuditEvents.AsNoTracking()
                .Where(e => e.ImageId == imageId && e.OwnerProjectId == who.ProjectId)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxEvents).ToListAsync(cancellationToken);
            return await WithNamesAsync(events, cancellationToken);
        });
    }

    /// <summary>The session project's own actions, and actions done for it (its requests, shares to it).</summary>
    public async Task<ImagesResult<HistoryView>> ForMyProjectAsync(CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        return await StoreCall.RunAsync(async () =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var events = await db.AuditEvents.AsNoTracking()
                .Where(e => e.ActingProjectId == who.ProjectId || e.MemberId == who.ProjectId)
                .OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxEvents).ToListAsync(cancellationToken);
            return await WithNamesAsync(events, cancellationToken);
        });
    }

    private async Task<HistoryView> WithNamesAsync(List<AuditEvent> events, CancellationToken cancellationToken) =>
        new(events, await directory.NamesAsync(events.SelectMany(e => new[] { e.ActingProjectId, e.OwnerProjectId, e.MemberId }), cancellationToken));
}

/// <summary>Turns a failing portal store into the error state of a data view, not an exception on the page.</summary>
public static class StoreCall
{
    public static readonly ImagesError Unavailable = new(ImagesErrorKind.Unavailable, "The portal's store did not answer. Try again in a moment.");

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
