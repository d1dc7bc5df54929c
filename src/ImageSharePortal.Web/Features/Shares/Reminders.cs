using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>How a reminder went, in the producer's words.</summary>
public sealed record ReminderResult(bool Sent, string Message);

/// <summary>
/// Writes a reminder of a pending share: the limit (one per share per <see cref="SharesOptions.ReminderInterval"/>, whoever
/// sends it) and the consumer's opt-out are checked here, and the mail, the row and the history event are saved together.
/// </summary>
public sealed class ReminderWriter(ShareNotices notices, AuditLog audit, IOptions<SharesOptions> options, TimeProvider clock, IStringLocalizer<Strings> localizer)
{
    public const string AutomaticName = "ImageSharePortal (automatic reminder)";

    /// <summary>Why no reminder may be sent now (in the producer's words and in English for history); null when one may.</summary>
    public async Task<Said?> RefusalAsync(PortalDbContext db, ShareTerm term, TimeSpan interval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(term);
        if (await db.ReminderOptOuts.AnyAsync(o => o.ConsumerProjectId == term.MemberId && o.ProducerProjectId == term.OwnerProjectId, cancellationToken))
        {
            return Words.Say(localizer, "Shares.OptedOut");
        }

        var now = clock.GetUtcNow();
        return term.LastRemindedAt is { } last && last + interval > now
            ? Words.Say(localizer, "Shares.AlreadyReminded", Components.Shared.Format.DateTime(last), Components.Shared.Format.DateTime(last + interval))
            : null;
    }

    /// <summary>Queues the mail and history event and marks the row; the caller saves (a concurrent reminder fails that save).</summary>
    public async Task<ShareNotice> QueueAsync(PortalDbContext db, ShareTerm term, ShareFacts share, DateTimeOffset pendingSince, PortalIdentity? who, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(term);
        var automatic = who is null;
        term.LastRemindedAt = clock.GetUtcNow();
        term.RemindersSent++;
        term.UpdatedAt = term.LastRemindedAt.Value;
        var notice = await notices.QueueToConsumerAsync(db, share, (to, url) => ShareMails.Reminder(to, share, pendingSince, automatic, url),
            new LiveNotice($"Reminder from {share.Producer.Name ?? share.Producer.Id}: {share.ImageName} is waiting in your inbox.", "/inbox", share.ImageId)
            {
                Key = "Notices.Reminder",
                Args = [share.Producer.Name ?? share.Producer.Id, share.ImageName],
            },
            cancellationToken);
        var told = notice.MailedTo.Count == 0 ? "Nobody could be mailed: the portal knows no address of that project." : $"Mailed {string.Join(", ", notice.MailedTo)}.";
        var e = audit.Create(who, AuditActions.ShareRemind, share.ImageId, term.OwnerProjectId, term.MemberId, AuditOutcome.Succeeded,
            $"{(automatic ? "Automatic reminder" : "Reminder")} of a share pending since {Components.Shared.Format.DateTime(pendingSince)}. {told}", AutomaticName);
        e.ActingProjectId ??= term.OwnerProjectId;
        db.AuditEvents.Add(e);
        return notice;
    }

    public TimeSpan Interval => options.Value.ReminderInterval;
}

/// <summary>A producer project's automatic reminders: days pending before a reminder, or null when off.</summary>
public sealed record AutoRemind(int? Days);

/// <summary>A producer project that shared with the consumer, and whether the consumer stopped its reminders.</summary>
public sealed record ReminderSource(ProjectLabel Producer, bool OptedOut);

/// <summary>
/// Reminders: a producer reminds the consumer of a pending share; a consumer stops (or allows) reminders from a producer
/// project; a producer project turns automatic reminders on or off. The acting project is always the session's.
/// </summary>
public sealed class RemindersService(
    ProducerShares shares,
    ICurrentIdentity identity,
    IDbContextFactory<PortalDbContext> store,
    AuditLog audit,
    ProjectDirectory directory,
    ReminderWriter writer,
    ShareNotices notices,
    IOptions<SharesOptions> options,
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
{
    public SharesOptions Options => options.Value;

    /// <summary>Reminds a pending member of the session's image.</summary>
    public async Task<ReminderResult> RemindAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var (found, refused) = await shares.FindAsync(imageId, memberId, AuditActions.ShareRemind,
            Words.Say(localizer, "Shares.OnlyOwnerRemind"), cancellationToken: cancellationToken);
        if (found is not { Who: var who, Image: var image, Member: var member })
        {
            return new ReminderResult(false, refused!);
        }

        if (member.Status != MemberStatuses.Pending)
        {
            return new ReminderResult(false, await shares.RefuseAsync(found, AuditActions.ShareRemind,
                Words.Say(localizer, "Shares.AlreadyAnswered", Words.Status(member.Status)), cancellationToken));
        }

        var now = clock.GetUtcNow();
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var term = await ShareTerms.GetOrAddAsync(db, imageId, image.Name ?? imageId, who.ProjectId, memberId, now, cancellationToken);
        if (await writer.RefusalAsync(db, term, writer.Interval, cancellationToken) is Said refusal)
        {
            return new ReminderResult(false, await shares.RefuseAsync(found, AuditActions.ShareRemind, refusal, cancellationToken));
        }

        var names = await directory.NamesAsync([memberId, who.ProjectId], cancellationToken);
        var share = new ShareFacts(imageId, term.ImageName, names[who.ProjectId] with { Name = names[who.ProjectId].Name ?? who.ProjectName }, names[memberId], who.UserName);
        var notice = await writer.QueueAsync(db, term, share, member.CreatedAt ?? now, who, cancellationToken);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            return new ReminderResult(false, localizer["Shares.RemindedMeanwhile"]);
        }

        await notices.PublishAsync(notice);
        return new ReminderResult(true, notice.MailedTo.Count == 0
            ? localizer["Shares.RemindedNobody", Words.Phrase(share.Consumer)]
            : localizer["Shares.Reminded", Words.Phrase(share.Consumer), string.Join(", ", notice.MailedTo), ShareSchedule.Describe(writer.Interval, localizer)]);
    }

    /// <summary>The producer projects that shared with the session's project through the portal, and which of them may not remind it.</summary>
    public Task<ImagesResult<IReadOnlyList<ReminderSource>>> SourcesAsync(CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<IReadOnlyList<ReminderSource>>(async who =>
        {
            return await StoreCall.RunAsync<IReadOnlyList<ReminderSource>>(async () =>
            {
                var me = ProjectIdPolicy.Normalise(who.ProjectId);
                await using var db = await store.CreateDbContextAsync(cancellationToken);
                var fromTerms = await db.ShareTerms.AsNoTracking().Where(t => t.MemberId == me).Select(t => t.OwnerProjectId).Distinct().ToListAsync(cancellationToken);
                var fromHistory = await db.AuditEvents.AsNoTracking()
                    .Where(e => e.MemberId == me && e.Action == AuditActions.MemberAdd && e.Outcome == AuditOutcome.Succeeded && e.OwnerProjectId != null)
                    .Select(e => e.OwnerProjectId!).Distinct().ToListAsync(cancellationToken);
                var optedOut = await db.ReminderOptOuts.AsNoTracking().Where(o => o.ConsumerProjectId == me).Select(o => o.ProducerProjectId).ToListAsync(cancellationToken);
                var producers = fromTerms.Concat(fromHistory).Concat(optedOut).Where(p => p != who.ProjectId).Distinct(StringComparer.Ordinal).ToList();
                var names = await directory.NamesAsync(producers, cancellationToken);
                return [.. producers.Select(p => new ReminderSource(names[p], optedOut.Contains(p))).OrderBy(s => s.Producer.Name ?? s.Producer.Id, StringComparer.OrdinalIgnoreCase)];
            });
        }, cancellationToken);

    /// <summary>Stops (<paramref name="stop"/> true) or allows reminders from a producer project to the session's project.</summary>
    public Task<ReminderResult> SetOptOutAsync(string producerProjectId, bool stop, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<ReminderResult>(async who =>
        {
            var me = ProjectIdPolicy.Normalise(who.ProjectId);
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var existing = await db.ReminderOptOuts.SingleOrDefaultAsync(o => o.ConsumerProjectId == me && o.ProducerProjectId == producerProjectId, cancellationToken);
            var name = (await directory.NamesAsync([producerProjectId], cancellationToken))[producerProjectId];
            if (stop == (existing is not null))
            {
                return new ReminderResult(true, stop ? localizer["Shares.AlreadyStopped", Words.Phrase(name)] : localizer["Shares.AlreadyAllowed", Words.Phrase(name)]);
            }

            if (stop)
            {
                db.ReminderOptOuts.Add(new ReminderOptOut { ConsumerProjectId = me, ProducerProjectId = producerProjectId, At = clock.GetUtcNow(), ByUserName = who.UserName });
            }
            else
            {
                db.ReminderOptOuts.Remove(existing!);
            }

            var e = audit.Create(who, stop ? AuditActions.RemindersOptOut : AuditActions.RemindersOptIn, null, producerProjectId, me, AuditOutcome.Succeeded,
                stop ? $"No more reminders from {name.Text}." : $"Reminders from {name.Text} allowed again.");
            db.AuditEvents.Add(e);
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
            }
            catch (DbUpdateException)
            {
                return new ReminderResult(true, localizer["Shares.OptOutMeanwhile"]);
            }

            return new ReminderResult(true, stop ? localizer["Shares.Stopped", Words.Phrase(name)] : localizer["Shares.Allowed", Words.Phrase(name)]);
        }, message => new ReminderResult(false, message), cancellationToken);

    /// <summary>The session project's automatic reminders: days pending before a reminder, or null when off.</summary>
    public Task<ImagesResult<AutoRemind>> AutoRemindAsync(CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<AutoRemind>(async who =>
        {
            return await StoreCall.RunAsync(async () =>
            {
                await using var db = await store.CreateDbContextAsync(cancellationToken);
                return new AutoRemind(await db.ProducerSettings.AsNoTracking().Where(s => s.ProjectId == who.ProjectId).Select(s => s.AutoRemindAfterDays).FirstOrDefaultAsync(cancellationToken));
            });
        }, cancellationToken);

    public Task<ReminderResult> SetAutoRemindAsync(int? days, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<ReminderResult>(async who =>
        {
            if (days is < 1 || days > options.Value.MaxAutoRemindDays)
            {
                return new ReminderResult(false, localizer["Shares.AutoRemindRange", options.Value.MaxAutoRemindDays]);
            }

            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var setting = await db.ProducerSettings.SingleOrDefaultAsync(s => s.ProjectId == who.ProjectId, cancellationToken);
            if (setting is null)
            {
                setting = new ProducerSetting { ProjectId = who.ProjectId };
                db.ProducerSettings.Add(setting);
            }

            setting.AutoRemindAfterDays = days;
            setting.UpdatedAt = clock.GetUtcNow();
            setting.UpdatedBy = who.UserName;
            db.AuditEvents.Add(audit.Create(who, AuditActions.AutoRemindSet, null, who.ProjectId, null, AuditOutcome.Succeeded,
                days is null ? "Automatic reminders off." : $"Automatic reminders for shares pending longer than {days} days."));
            await db.SaveChangesAsync(CancellationToken.None);
            return new ReminderResult(true, days is null ? localizer["Shares.AutoRemindOff"] :
                localizer["Shares.AutoRemindOn", days, Math.Max(days.Value, (int)Math.Ceiling(writer.Interval.TotalDays))]);
        }, message => new ReminderResult(false, message), cancellationToken);
}
