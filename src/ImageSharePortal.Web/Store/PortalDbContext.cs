using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ImageSharePortal.Web.Store;

/// <summary>What the Images API has no place for: catalogue listings (and later requests, outbox, history).</summary>
public sealed class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    public DbSet<Listing> Listings => Set<Listing>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        var listing = modelBuilder.Entity<Listing>();
        listing.HasKey(l => l.Id);
        listing.HasIndex(l => l.ImageId).IsUnique();
        listing.HasIndex(l => new { l.IsPublished, l.OperatingSystem });
        listing.Property(l => l.ImageId).HasMaxLength(64);
        listing.Property(l => l.OwnerProjectId).HasMaxLength(64);
        listing.Property(l => l.OwnerProjectName).HasMaxLength(128);
        listing.Property(l => l.Title).HasMaxLength(ListingRules.TitleMaxLength);
        listing.Property(l => l.Description).HasMaxLength(ListingRules.DescriptionMaxLength);
        listing.Property(l => l.OperatingSystem).HasMaxLength(64);
        listing.Property(l => l.OsVersion).HasMaxLength(64);
        listing.Property(l => l.ImageName).HasMaxLength(255);
        listing.Property(l => l.DiskFormat).HasMaxLength(32);
        listing.Property(l => l.Checksum).HasMaxLength(128);
        listing.Property(l => l.PublishedByUserId).HasMaxLength(64);
        // SQLite cannot order by DateTimeOffset natively; store as ticks-sortable text via a converter-free long.
        listing.Property(l => l.PublishedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
        listing.Property(l => l.UpdatedAt).HasConversion(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));
    }
}

public static class ListingRules
{
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 2000;
}

/// <summary>Lets <c>dotnet ef</c> build the context without starting the portal.</summary>
internal sealed class PortalDbContextDesignFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=design.db").Options);
}
