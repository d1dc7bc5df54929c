using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.Sandbox.Data;

internal sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    public DbSet<ImageEntity> Images => Set<ImageEntity>();

    public DbSet<MemberEntity> Members => Set<MemberEntity>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no DateTimeKind: everything the sandbox stores is UTC, so read it back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ImageEntity>(image =>
        {
            image.ToTable("images");
            image.HasKey(i => i.Id);
            image.Property(i => i.Id).HasMaxLength(36);
            image.Property(i => i.Name).HasMaxLength(255);
            image.Property(i => i.Owner).HasMaxLength(255);
            image.HasIndex(i => i.Owner);
            image.HasIndex(i => i.Visibility);
            image.HasIndex(i => new { i.CreatedAt, i.Id });
            image.HasMany(i => i.Tags).WithOne().HasForeignKey(t => t.ImageId).OnDelete(DeleteBehavior.Cascade);
            image.HasMany(i => i.Properties).WithOne().HasForeignKey(p => p.ImageId).OnDelete(DeleteBehavior.Cascade);
            image.HasMany(i => i.Members).WithOne().HasForeignKey(m => m.ImageId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<ImageTagEntity>(tag =>
        {
            tag.ToTable("image_tags");
            tag.HasKey(t => new { t.ImageId, t.Value });
            tag.HasIndex(t => t.Value);
        });

        modelBuilder.Entity<ImagePropertyEntity>(property =>
        {
            property.ToTable("image_properties");
            property.HasKey(p => new { p.ImageId, p.Name });
            property.HasIndex(p => new { p.Name, p.Value });
        });

        modelBuilder.Entity<MemberEntity>(member =>
        {
            member.ToTable("image_members");
            member.HasKey(m => m.Id);
            member.HasIndex(m => new { m.ImageId, m.MemberId }).IsUnique();
            member.HasIndex(m => new { m.MemberId, m.Status });
        });
    }
}

internal sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
