using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ImageSharePortal.Web.Store;

/// <summary>What the Images API has no place for: catalogue listings, access requests, the notification outbox, history.</summary>
/// <remarks>
/// SQLite (the default) uses this type and the migrations in <c>Store/Migrations</c>; PostgreSQL uses
/// <see cref="PostgresPortalDbContext"/>, the same model with its own migrations in <c>Store/Migrations/PostgreSql</c>.
/// </remarks>
public class PortalDbContext(DbContextOptions<PortalDbContext> options) : DbContext(options)
{
    // SQLite cannot compare or order DateTimeOffset: times the portal queries on are stored as UTC ticks.
    private static readonly ValueConverter<DateTimeOffset, long> Ticks = new(v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

    public DbSet<Listing> Listings => Set<Listing>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<OutboxMessage> Outbox => Set<OutboxMessage>();
    public DbSet<AuditEvent> AuditEvents => Set<AuditEvent>();
    public DbSet<KnownProject> Projects => Set<KnownProject>();
    public DbSet<ProjectContact> ProjectContacts => Set<ProjectContact>();
    public DbSet<ShareTerm> ShareTerms => Set<ShareTerm>();
    public DbSet<ReminderOptOut> ReminderOptOuts => Set<ReminderOptOut>();
    public DbSet<ProducerSetting> ProducerSettings => Set<ProducerSetting>();

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
        listing.Property(l => l.PublisherEmail).HasMaxLength(AccessRequestRules.EmailMaxLength);

        var request = modelBuilder.Entity<AccessRequest>();
        request.HasKey(r => r.Id);
        request.HasOne<Listing>().WithMany().HasForeignKey(r => r.ListingId).OnDelete(DeleteBehavior.Restrict);
        // One open signed-in (verified) request per project and listing, and one open typed-in (unverified) request per
        // project, listing and address: asking twice finds your own open one (the database keeps it true under races),
        // while a visitor who types another project's ID can neither block nor see that project's own request.
        request.HasIndex(r => new { r.ListingId, r.RequesterProjectId }).IsUnique().HasFilter("\"Status\" = 'Open' AND \"IsVerified\" = TRUE")
            .HasDatabaseName("IX_AccessRequests_OpenVerified");
        request.HasIndex(r => new { r.ListingId, r.RequesterProjectId, r.RequesterEmail }).IsUnique().HasFilter("\"Status\" = 'Open' AND \"IsVerified\" = FALSE")
            .HasDatabaseName("IX_AccessRequests_OpenTyped");
        request.HasIndex(r => new { r.OwnerProjectId, r.Status });
        request.HasIndex(r => r.RequesterProjectId);
        request.Property(r => r.ImageId).HasMaxLength(64);
        request.Property(r => r.Language).HasMaxLength(8);
        request.Property(r => r.ImageName).HasMaxLength(255);
        request.Property(r => r.OwnerProjectId).HasMaxLength(64);
        request.Property(r => r.RequesterProjectId).HasMaxLength(64);
        request.Property(r => r.RequesterEmail).HasMaxLength(AccessRequestRules.EmailMaxLength);
        request.Property(r => r.RequesterUserId).HasMaxLength(64);
        request.Property(r => r.RequesterName).HasMaxLength(128);
        request.Property(r => r.Message).HasMaxLength(AccessRequestRules.MessageMaxLength);
        // The status is the concurrency token: two producers deciding at once, only the first one's UPDATE matches.
        request.Property(r => r.Status).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        request.Property(r => r.CreatedAt).HasConversion(Ticks);
        request.Property(r => r.DecidedAt).HasConversion(Ticks);
        request.Property(r => r.DecidedByUserId).HasMaxLength(64);
        request.Property(r => r.DecidedByName).HasMaxLength(128);
        request.Property(r => r.DeclineReason).HasMaxLength(AccessRequestRules.ReasonMaxLength);
        request.Property(r => r.DecisionNote).HasMaxLength(500);

        var outbox = modelBuilder.Entity<OutboxMessage>();
        outbox.HasKey(m => m.Id);
        outbox.HasIndex(m => new { m.Status, m.NextAttemptAt });
        outbox.HasIndex(m => new { m.ProjectId, m.Status });
        outbox.Property(m => m.Kind).HasMaxLength(32);
        outbox.Property(m => m.ProjectId).HasMaxLength(64);
        outbox.Property(m => m.To).HasMaxLength(AccessRequestRules.EmailMaxLength);
        outbox.Property(m => m.Subject).HasMaxLength(300);
        outbox.Property(m => m.Status).HasConversion<string>().HasMaxLength(16);
        outbox.Property(m => m.LastError).HasMaxLength(1000);
        outbox.Property(m => m.CreatedAt).HasConversion(Ticks);
        outbox.Property(m => m.NextAttemptAt).HasConversion(Ticks);
        outbox.Property(m => m.SentAt).HasConversion(Ticks);

        var audit = modelBuilder.Entity<AuditEvent>();
        audit.HasKey(e => e.Id);
        audit.HasIndex(e => new { e.OwnerProjectId, e.ImageId });
        audit.HasIndex(e => e.ActingProjectId);
        audit.HasIndex(e => e.MemberId);
        audit.Property(e => e.At).HasConversion(Ticks);
        audit.Property(e => e.UserId).HasMaxLength(64);
        audit.Property(e => e.UserName).HasMaxLength(128);
        audit.Property(e => e.ActingProjectId).HasMaxLength(64);
        audit.Property(e => e.Action).HasMaxLength(32);
        audit.Property(e => e.ImageId).HasMaxLength(64);
        audit.Property(e => e.OwnerProjectId).HasMaxLength(64);
        audit.Property(e => e.MemberId).HasMaxLength(64);
        audit.Property(e => e.Outcome).HasConversion<string>().HasMaxLength(16);
        audit.Property(e => e.Detail).HasMaxLength(1000);

        var project = modelBuilder.Entity<KnownProject>();
        project.HasKey(p => p.Id);
        project.HasIndex(p => p.Name);
        project.Property(p => p.Id).HasMaxLength(64);
        project.Property(p => p.Name).HasMaxLength(128);
        project.Property(p => p.DomainName).HasMaxLength(128);
        project.Property(p => p.Source).HasMaxLength(16);
        project.Property(p => p.FirstSeenAt).HasConversion(Ticks);
        project.Property(p => p.LastSeenAt).HasConversion(Ticks);

        var contact = modelBuilder.Entity<ProjectContact>();
        contact.HasKey(c => c.Id);
        contact.HasIndex(c => new { c.ProjectId, c.Email }).IsUnique();
        contact.Property(c => c.ProjectId).HasMaxLength(64);
        contact.Property(c => c.Email).HasMaxLength(AccessRequestRules.EmailMaxLength);
        contact.Property(c => c.UserId).HasMaxLength(64);
        contact.Property(c => c.UserName).HasMaxLength(128);
        contact.Property(c => c.LastSeenAt).HasConversion(Ticks);
        contact.Property(c => c.Language).HasMaxLength(8);

        ShareTermModel.Configure(modelBuilder, Ticks);
    }
}

public static class ListingRules
{
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 2000;
}

public static class AccessRequestRules
{
    public const int EmailMaxLength = 254;
    public const int MessageMaxLength = 1000;
    public const int ReasonMaxLength = 500;
}

/// <summary>The store on PostgreSQL: the same model as <see cref="PortalDbContext"/>, with its own migrations.</summary>
public sealed class PostgresPortalDbContext(DbContextOptions<PortalDbContext> options) : PortalDbContext(options);

/// <summary>Lets <c>dotnet ef</c> build the context without starting the portal.</summary>
internal sealed class PortalDbContextDesignFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite("Data Source=design.db").Options);
}

/// <summary>Lets <c>dotnet ef</c> build the PostgreSQL context without a server (adding a migration needs none).</summary>
internal sealed class PostgresPortalDbContextDesignFactory : IDesignTimeDbContextFactory<PostgresPortalDbContext>
{
    public PostgresPortalDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseNpgsql("Host=localhost;Database=portal_design").Options);
}
