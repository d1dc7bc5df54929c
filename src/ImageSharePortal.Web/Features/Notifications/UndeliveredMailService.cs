using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Notifications;
/// <summary>How a retry went, in the producer's words.</summary>
public sealed record RetryResult(bool Queued, string Message);

/// <summary>
/// The producer's view of the project's mails that could not be sent (the outbox gave up on them), and a retry. The acting
/// project is the session's: it sees only its own messages.
/// </summary>
public sealed class UndeliveredMailService(
    IDbContextFactory<PortalDbContext> store,
    ICurrentIdentity identity,
    AuditLog audit,
    OutboxSignal outbox,
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
{
    /// <summary>Notifications of the session's project that could not be sent (all of them for an admin), newest first.</summary>
    public Task<ImagesResult<IReadOnlyList<OutboxMessage>>> GetUndeliveredAsync(CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<IReadOnlyList<OutboxMessage>>(async who =>
        {
            var admin = who.Roles.Contains("admin");
            return await StoreCall.RunAsync<IReadOnlyList<OutboxMessage>>(async () =>
            {
                await using var db = await store.CreateDbContextAsync(cancellationToken);
                return await db.Outbox.AsNoTracking()
                    .Where(m => (admin || m.ProjectId == who.ProjectId) && (m.Status == OutboxStatus.Failed || (m.Status == OutboxStatus.Pending && m.Attempts > 0)))
                    .OrderByDescending(m => m.CreatedAt).Take(100).ToListAsync(cancellationToken);
            });
        }, cancellationToken);

    /// <summary>Puts a failed notification back in the queue, with a fresh set of attempts.</summary>
    public Task<RetryResult> RetryNotificationAsync(Guid messageId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<RetryResult>(async who =>
        {
            var admin = who.Roles.Contains("admin");
            var now = clock.GetUtcNow();
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var message = await db.Outbox.FirstOrDefaultAsync(m => m.Id == messageId && (admin || m.ProjectId == who.ProjectId), cancellationToken);
            if (message is null || message.Status == OutboxStatus.Sent)
            {
                return new RetryResult(false, localizer["Notices.Undelivered.NotWaiting"]);
            }

            message.Status = OutboxStatus.Pending;
            message.Attempts = 0;
            message.NextAttemptAt = now;
            db.AuditEvents.Add(audit.Create(who, AuditActions.NotificationRetry, null, message.ProjectId, null, AuditOutcome.Succeeded, $"Retry of \"{message.Subject}\" to {message.To}"));
            await db.SaveChangesAsync(CancellationToken.None);
            outbox.Notify();
            return new RetryResult(true, localizer["Notices.Undelivered.Queued", message.To]);
        }, message => new RetryResult(false, message), cancellationToken);
}
