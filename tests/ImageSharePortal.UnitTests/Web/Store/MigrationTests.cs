using ImageSharePortal.Web.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ImageSharePortal.UnitTests.Web.Store;

/// <summary>The store's migrations apply on a fresh database and on the previous version's database, keeping its rows.</summary>
public sealed class MigrationTests : IDisposable
{
    private const string InitialCatalogue = "20261126232625_InitialCatalogue";
    private readonly string _folder = Directory.CreateTempSubdirectory("isp-migrations-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task All_migrations_apply_to_a_fresh_database_and_match_the_model()
    {
        await using var db = Open("fresh.db");

        await db.Database.MigrateAsync(Ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration covers: add a migration.");
        var listingId = Guid.NewGuid();
        db.Listings.Add(new Listing { Id = listingId, ImageId = "img-old", OwnerProjectId = "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1", OwnerProjectName = "orbital-images", Title = "T", PublishedByUserId = "alice", PublisherEmail = "alice@orbital.example" });
        db.AccessRequests.Add(NewRequest(listingId));
        db.Outbox.Add(new OutboxMessage { Id = Guid.NewGuid(), Kind = "k", ProjectId = "p", To = "a@b.org", Subject = "s", TextBody = "t", HtmlBody = "h", CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow });
        db.AuditEvents.Add(new AuditEvent { At = DateTimeOffset.UtcNow, UserName = "u", Action = AuditActions.RequestSubmit });
        Assert.Equal(4, await db.SaveChangesAsync(Ct));
    }

    [Fact]
    public async Task The_previous_version_database_migrates_with_its_listings_intact()
    {
        var listingId = Guid.NewGuid();
        await using (var old = Open("previous.db"))
        {
            await old.GetService<IMigrator>().MigrateAsync(InitialCatalogue, Ct);
            Assert.Equal([InitialCatalogue], await old.Database.GetAppliedMigrationsAsync(Ct));
            // Written with the previous version's columns only, as that version would have.
            await old.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO Listings (Id, ImageId, OwnerProjectId, OwnerProjectName, Title, Description, ImageName, IsPublished, PublishedAt, UpdatedAt, PublishedByUserId)
                VALUES ({listingId.ToString().ToUpperInvariant()}, 'img-old', '3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1', 'orbital-images', 'Old listing', 'Kept', 'debian-12', 1, {DateTimeOffset.UtcNow.UtcTicks}, {DateTimeOffset.UtcNow.UtcTicks}, 'alice')
                """, Ct);
        }

        await using var db = Open("previous.db");
        await db.Database.MigrateAsync(Ct);

        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        var listing = await db.Listings.SingleAsync(Ct);
        Assert.Equal(listingId, listing.Id);
        Assert.Equal("Old listing", listing.Title);
        Assert.Equal("Kept", listing.Description);
        Assert.Null(listing.PublisherEmail);

        // The new tables work with the old row.
        db.AccessRequests.Add(NewRequest(listingId));
        await db.SaveChangesAsync(Ct);
        var duplicate = NewRequest(listingId);
        db.AccessRequests.Add(duplicate);
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct)); // one open request per project and listing
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private PortalDbContext Open(string file) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, file)}").Options);

    private static AccessRequest NewRequest(Guid listingId) => new()
    {
        Id = Guid.NewGuid(),
        ListingId = listingId,
        ImageId = "img-old",
        ImageName = "debian-12",
        OwnerProjectId = "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1",
        RequesterProjectId = "c0ffee11223344556677889900aabbcc",
        RequesterEmail = "dave@atlas.example",
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
