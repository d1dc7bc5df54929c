using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Catalogue;

public sealed record CatalogueQuery(string? Search, string? OperatingSystem, int Page);

public sealed record CatalogueResult(IReadOnlyList<Listing> Items, int Total, int Page, int PageSize, IReadOnlyList<string> OperatingSystems)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record PublishResult(bool Succeeded, string Message, Listing? Listing = null);

/// <summary>
/// The public catalogue: listings live in the portal store, so a visit costs no Images API call.
/// Producers publish a snapshot of their own shared image's facts, and unpublish it.
/// </summary>
public sealed class CatalogueService(IDbContextFactory<PortalDbContext> store, IImagesClient images, ICurrentIdentity identity, AuditLog audit, TimeProvider clock, CatalogueCache cache,
    IStringLocalizer<Strings> localizer)
{
    public const int PageSize = 12;

    /// <summary>
    /// One page of published listings. Browsing (no search text, first 50 pages) is cached in <see cref="CatalogueCache"/>
    /// and shared between requests: treat answers as read-only. Free-text searches go to the store, so random text cannot fill the cache.
    /// </summary>
    public Task<CatalogueResult> SearchAsync(CatalogueQuery query, CancellationToken cancellationToken = default) =>
        string.IsNullOrWhiteSpace(query.Search) && query.Page is >= 1 and <= 50 && (query.OperatingSystem?.Length ?? 0) <= 100
            ? cache.GetOrLoadAsync($"browse\n{query.OperatingSystem}\n{query.Page}", ct => LoadAsync(query, ct), cancellationToken)
            : LoadAsync(query, cancellationToken);

    private async Task<CatalogueResult> LoadAsync(CatalogueQuery query, CancellationToken cancellationToken)
    {
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var published = db.Listings.AsNoTracking().Where(l => l.IsPublished);
        var operatingSystems = await published.Where(l => l.OperatingSystem != null)
            .Select(l => l.OperatingSystem!).Distinct().OrderBy(os => os).ToListAsync(cancellationToken);

        var filtered = published;
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = $"%{query.Search.Trim()}%";
            // Case-insensitive on both stores: SQLite's LIKE already is (for ASCII), PostgreSQL's needs ILIKE.
            filtered = db.Database.IsNpgsql()
                ? filtered.Where(l => EF.Functions.ILike(l.Title, term) || EF.Functions.ILike(l.Description, term)
                    || EF.Functions.ILike(l.ImageName, term) || EF.Functions.ILike(l.OwnerProjectName, term))
                : filtered.Where(l => EF.Functions.Like(l.Title, term) || EF.Functions.Like(l.Description, term)
                    || EF.Functions.Like(l.ImageName, term) || EF.Functions.Like(l.OwnerProjectName, term));
        }

        if (!string.IsNullOrWhiteSpace(query.OperatingSystem))
        {
            filtered = filtered.Where(l => l.OperatingSystem == query.OperatingSystem);
        }

        var total = await filtered.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        var page = Math.Clamp(query.Page, 1, pageCount);
        var items = await filtered.OrderByDescending(l => l.PublishedAt).ThenBy(l => l.Title)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken);
        return new CatalogueResult(items, total, page, PageSize, operatingSystems);
    }

    /// <summary>A published listing (cached and shared: read-only).</summary>
    public Task<Listing?> GetPublishedAsync(Guid id, CancellationToken cancellationToken = default) =>
        cache.GetOrLoadAsync($"listing\n{id}", async ct =>
        {
            await using var db = await store.CreateDbContextAsync(ct);
            return await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id && l.IsPublished, ct);
        }, cancellationToken);

    /// <summary>The listing of one of the caller's images, published or not.</summary>
    public Task<Listing?> GetForImageAsync(string imageId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<Listing?>(async who =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            return await db.Listings.AsNoTracking()
                .FirstOrDefaultAsync(l => l.ImageId == imageId && l.OwnerProjectId == who.ProjectId, cancellationToken);
        }, _ => null, cancellationToken);

    public async Task<PublishResult> PublishAsync(string imageId, string? title, string? description, CancellationToken cancellationToken = default)
    {
        var (cleanTitle, cleanDescription, invalid) = ListingText.Validate(title, description, localizer);
        if (invalid is not null)
        {
            return new PublishResult(false, invalid);
        }

        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return new PublishResult(false, ErrorText.For(localizer, ImagesError.NotSignedIn));
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return new PublishResult(false, ErrorText.For(localizer, image.Error));
        }

        if (image.Value.Owner != who.ProjectId)
        {
            return new PublishResult(false, localizer["Publish.OnlyOwner"]);
        }

        if (image.Value.Visibility != Visibilities.Shared)
        {
            return new PublishResult(false, localizer["Publish.NotShared", Words.Visibility(image.Value.Visibility)]);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var listing = await db.Listings.FirstOrDefaultAsync(l => l.ImageId == imageId, cancellationToken);
        var now = clock.GetUtcNow();
        if (listing is null)
        {
            listing = new Listing
            {
                Id = Guid.NewGuid(),
                ImageId = imageId,
                OwnerProjectId = who.ProjectId,
                OwnerProjectName = who.ProjectName,
                Title = cleanTitle!,
                PublishedByUserId = who.UserId,
                PublishedAt = now,
            };
            db.Listings.Add(listing);
        }
        else if (!listing.IsPublished)
        {
            listing.PublishedAt = now;
        }

        listing.Title = cleanTitle!;
        listing.Description = cleanDescription!;
        listing.OwnerProjectName = who.ProjectName;
        listing.PublishedByUserId = who.UserId;
        listing.PublisherEmail = who.Email ?? listing.PublisherEmail;
        listing.IsPublished = true;
        listing.UpdatedAt = now;
        Snapshot(listing, image.Value);
        db.AuditEvents.Add(audit.Create(who, AuditActions.ListingPublish, imageId, who.ProjectId, null, AuditOutcome.Succeeded, $"Listed as \"{listing.Title}\"."));
        await db.SaveChangesAsync(cancellationToken);
        await cache.InvalidateAsync(CancellationToken.None);
        return new PublishResult(true, localizer["Publish.Published"], listing);
    }

    public Task<PublishResult> UnpublishAsync(string imageId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<PublishResult>(async who =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var listing = await db.Listings.FirstOrDefaultAsync(l => l.ImageId == imageId && l.OwnerProjectId == who.ProjectId, cancellationToken);
            if (listing is null || !listing.IsPublished)
            {
                return new PublishResult(false, localizer["Publish.NotListed"]);
            }

            listing.IsPublished = false;
            listing.UpdatedAt = clock.GetUtcNow();
            db.AuditEvents.Add(audit.Create(who, AuditActions.ListingUnpublish, imageId, who.ProjectId, null, AuditOutcome.Succeeded, $"\"{listing.Title}\" removed from the catalogue."));
            await db.SaveChangesAsync(cancellationToken);
            await cache.InvalidateAsync(CancellationToken.None);
            return new PublishResult(true, localizer["Publish.Removed"], listing);
        }, message => new PublishResult(false, message), cancellationToken);

    private static void Snapshot(Listing listing, GlanceImage image)
    {
        listing.ImageName = image.Name ?? image.Id;
        listing.OperatingSystem = NiceOs(image.OsDistro);
        listing.OsVersion = image.OsVersion;
        listing.SizeBytes = image.Size;
        listing.MinDiskGb = image.MinDisk;
        listing.MinRamMb = image.MinRam;
        listing.DiskFormat = image.DiskFormat;
        listing.Checksum = image.Checksum;
        listing.ImageCreatedAt = image.CreatedAt;
    }

    private static string? NiceOs(string? distro) => string.IsNullOrWhiteSpace(distro) ? null : distro.Trim().ToLowerInvariant();
}

/// <summary>Rules for the text producers write on a listing.</summary>
public static class ListingText
{
    /// <remarks>With a localizer the sentences are in the person's language (the English ones are the same words as without).</remarks>
    public static (string? Title, string? Description, string? Error) Validate(string? title, string? description, IStringLocalizer<Strings>? localizer = null)
    {
        string Say(string key, params object[] args) => localizer is null ? Words.English(key, args) : localizer[key, args];

        var t = title?.Trim() ?? "";
        var d = description?.Trim() ?? "";
        if (t.Length == 0)
        {
            return (null, null, Say("Publish.TitleRequired"));
        }

        if (t.Length > ListingRules.TitleMaxLength)
        {
            return (null, null, Say("Publish.TitleTooLong", ListingRules.TitleMaxLength, t.Length));
        }

        if (d.Length > ListingRules.DescriptionMaxLength)
        {
            return (null, null, Say("Publish.DescriptionTooLong", ListingRules.DescriptionMaxLength, d.Length));
        }

        if (t.Any(char.IsControl) || d.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return (null, null, Say("Publish.TextControl"));
        }

        if (TextRules.HasDisguisingCharacters(t) || TextRules.HasDisguisingCharacters(d))
        {
            return (null, null, Say(TextRules.HasDisguisingCharacters(t) ? "Publish.TitleDisguising" : "Publish.DescriptionDisguising"));
        }

        return (t, d, null);
    }
}
