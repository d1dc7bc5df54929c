using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ImageSharePortal.Web.Store;

/// <summary>The tables of time-limited shares and reminders.</summary>
internal static class ShareTermModel
{
    public static void Configure(ModelBuilder modelBuilder, ValueConverter<DateTimeOffset, long> ticks)
    {
        var term = modelBuilder.Entity<ShareTerm>();
        term.HasKey(t => t.Id);
        term.HasIndex(t => new { t.ImageId, t.MemberId }).IsUnique();
        term.HasIndex(t => new { t.EndState, t.EndsAt });
        term.HasIndex(t => new { t.EndState, t.NextNoticeAt });
        term.HasIndex(t => t.OwnerProjectId);
        term.HasIndex(t => t.MemberId);
        term.Property(t => t.ImageId).HasMaxLength(64);
        term.Property(t => t.ImageName).HasMaxLength(255);
        term.Property(t => t.OwnerProjectId).HasMaxLength(64);
        term.Property(t => t.MemberId).HasMaxLength(64);
        term.Property(t => t.EndState).HasConversion<string>().HasMaxLength(16);
        term.Property(t => t.LastError).HasMaxLength(1000);
        term.Property(t => t.EndSetBy).HasMaxLength(128);
        term.Property(t => t.MemberCreatedAt).HasConversion(ticks);
        term.Property(t => t.EndsAt).HasConversion(ticks);
        term.Property(t => t.NextNoticeAt).HasConversion(ticks);
        term.Property(t => t.LeaseUntil).HasConversion(ticks).IsConcurrencyToken();
        term.Property(t => t.RetryAt).HasConversion(ticks);
        term.Property(t => t.EndedAt).HasConversion(ticks);
        term.Property(t => t.LastRemindedAt).HasConversion(ticks);
        // Two reminders sent at once (two producers, two instances): only the first one's UPDATE matches.
        term.Property(t => t.RemindersSent).IsConcurrencyToken();
        term.Property(t => t.UpdatedAt).HasConversion(ticks);

        var optOut = modelBuilder.Entity<ReminderOptOut>();
        optOut.HasKey(o => o.Id);
        optOut.HasIndex(o => new { o.ConsumerProjectId, o.ProducerProjectId }).IsUnique();
        optOut.Property(o => o.ConsumerProjectId).HasMaxLength(64);
        optOut.Property(o => o.ProducerProjectId).HasMaxLength(64);
        optOut.Property(o => o.ByUserName).HasMaxLength(128);
        optOut.Property(o => o.At).HasConversion(ticks);

        var setting = modelBuilder.Entity<ProducerSetting>();
        setting.HasKey(s => s.ProjectId);
        setting.Property(s => s.ProjectId).HasMaxLength(64);
        setting.Property(s => s.UpdatedBy).HasMaxLength(128);
        setting.Property(s => s.UpdatedAt).HasConversion(ticks);
    }
}
