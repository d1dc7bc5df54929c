using System.Security.Cryptography;

namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>Wakes the outbox worker right after a commit that wrote messages, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal : WorkSignal;

/// <summary>
/// How many passes over the due messages the outbox worker has finished: something to wait on ("three more passes and
/// nothing was sent again") instead of a fixed pause.
/// </summary>
public sealed class OutboxProgress
{
    private int _passes;

    public int Passes => Volatile.Read(ref _passes);

    internal void Passed() => Interlocked.Increment(ref _passes);

    /// <summary>Waits until <paramref name="more"/> passes after now have finished.</summary>
    public async Task WaitForPassesAsync(int more, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var target = Passes + more;
        var deadline = DateTime.UtcNow + timeout;
        while (Passes < target)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The outbox worker finished {Passes - target + more} of {more} passes in {timeout}.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}

/// <summary>Wakes a background worker right after a commit that gave it work, instead of waiting for its next poll.</summary>
public class WorkSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public void Dispose()
    {
        _signal.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Sends due outbox messages. Each message is claimed by moving its next-attempt time forward (a lease) in a
/// conditional UPDATE, so no two workers send it at once; it is marked sent right after a successful send.
/// Failures back off exponentially with jitter; after <see cref="EmailOptions.MaxAttempts"/> the message is failed.
/// </summary>
internal sealed partial class OutboxWorker(
    IDbContextFactory<PortalDbContext> store,
    IEmailSender sender,
    OutboxSignal signal,
    IOptions<EmailOptions> options,
    TimeProvider clock,
    ILogger<OutboxWorker> logger,
    OutboxProgress? progress = null,
    ImageSharePortal.Web.Hosting.PortalMetrics? metrics = null) : BackgroundService
{
    private const int BatchSize = 20;


    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await SendDueAsync(stoppingToken) == BatchSize)
                {
                    // A full batch: there may be more due right now.
                }
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogStoreFailure(logger, e.Message);
            }

            progress?.Passed();
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over the due messages; returns how many were claimed.</summary>
    internal async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + LeaseFor(options.Value);
        List<Guid> claimed;
        await using (var db = await store.CreateDbContextAsync(cancellationToken))
        {
            claimed = db.Database.IsNpgsql()
                ? await ClaimSkippingLockedAsync(db, now, leaseUntil, cancellationToken)
                : await ClaimConditionallyAsync(db, now, leaseUntil, cancellationToken);
        }

        foreach (var id in claimed)
        {
            await SendClaimedAsync(id, cancellationToken);
        }

        return claimed.Count;
    }

    /// <summary>
    /// How long a claimed batch is kept from other workers: long enough for every message of it to use its whole send
    /// timeout, so a slow SMTP server never makes two workers send the same message.
    /// </summary>
    internal static TimeSpan LeaseFor(EmailOptions options) => options.SendTimeout * (BatchSize + 2);

    /// <summary>
    /// PostgreSQL: one statement claims a batch; rows another worker is claiming are skipped, not waited for, so many
    /// instances share the queue without contention.
    /// </summary>
    private static async Task<List<Guid>> ClaimSkippingLockedAsync(PortalDbContext db, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var nowTicks = now.UtcTicks;
        var leaseTicks = leaseUntil.UtcTicks;
        var pending = nameof(OutboxStatus.Pending);
        return await db.Database.SqlQuery<Guid>($"""
            UPDATE "Outbox" SET "NextAttemptAt" = {leaseTicks}
            WHERE "Id" IN (
                SELECT "Id" FROM "Outbox"
                WHERE "Status" = {pending} AND "NextAttemptAt" <= {nowTicks}
                ORDER BY "NextAttemptAt"
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>SQLite (one instance, one writer at a time): each due message is claimed by a conditional UPDATE.</summary>
    private static async Task<List<Guid>> ClaimConditionallyAsync(PortalDbContext db, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt)
            .Take(BatchSize)
            .Select(m => new { m.Id, m.NextAttemptAt })
            .ToListAsync(cancellationToken);
        var claimed = new List<Guid>(due.Count);
        foreach (var message in due)
        {
            var won = await db.Outbox
                .Where(m => m.Id == message.Id && m.Status == OutboxStatus.Pending && m.NextAttemptAt == message.NextAttemptAt)
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, leaseUntil), cancellationToken);
            if (won == 1)
            {
                claimed.Add(message.Id);
            }
        }

        return claimed;
    }

    private async Task SendClaimedAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var message = await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id, cancellationToken);
        string? error = null;
        try
        {
            await sender.SendAsync(message, cancellationToken);
        }
        catch (Exception e) when (IsDeliveryFailure(e, cancellationToken))
        {
            // The producer sees LastError: a sentence, never the exception's text (paths, server internals), which is logged.
            error = DeliveryError(e);
            LogDeliveryException(logger, message.Kind, id, e.GetType().Name, e.Message);
        }

        var now = clock.GetUtcNow();
        var attempts = message.Attempts + 1;
        if (error is null)
        {
            // CancellationToken.None: the message is out, so its row must say so even while the portal stops.
            await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sent)
                .SetProperty(m => m.SentAt, now)
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
            LogSent(logger, message.Kind, id, attempts);
            return;
        }

        metrics?.OutboxFailed();
        var truncated = error.Length > 1000 ? error[..1000] : error;
        var failed = attempts >= options.Value.MaxAttempts;
        var next = now + Backoff(attempts, options.Value);
        await db.Outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Status, failed ? OutboxStatus.Failed : OutboxStatus.Pending)
            .SetProperty(m => m.Attempts, attempts)
            .SetProperty(m => m.NextAttemptAt, next)
            .SetProperty(m => m.LastError, truncated), CancellationToken.None);
        LogNotSent(logger, message.Kind, id, attempts, failed ? "gave up" : $"retry at {next:O}", truncated);
    }

    /// <summary>Why a mail was not sent, in words a producer can act on.</summary>
    internal static string DeliveryError(Exception e) => e switch
    {
        System.Net.Sockets.SocketException or TimeoutException or OperationCanceledException => "The mail server did not answer.",
        MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException => "The mail server refused the portal's sign-in or its TLS certificate.",
        MailKit.CommandException command => $"The mail server refused the message{(command is MailKit.Net.Smtp.SmtpCommandException smtp ? $" ({(int)smtp.StatusCode})" : "")}.",
        MailKit.ProtocolException => "The mail server broke off the conversation.",
        UnauthorizedAccessException or IOException when e is not MailKit.ProtocolException => "The portal could not write the message (its mail folder or connection failed).",
        FormatException or ArgumentException => "The address or the message is not valid for sending.",
        _ => "The message could not be sent.",
    };

    /// <summary>Exponential backoff with ±20 % jitter, capped.</summary>
    internal static TimeSpan Backoff(int attempts, EmailOptions options)
    {
        var exponent = Math.Min(attempts - 1, 20);
        var raw = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, exponent);
        var capped = Math.Min(raw, options.MaxRetryDelay.TotalMilliseconds);
        var jitter = 0.8 + (RandomNumberGenerator.GetInt32(0, 401) / 1000.0);
        return TimeSpan.FromMilliseconds(Math.Min(capped * jitter, options.MaxRetryDelay.TotalMilliseconds));
    }

    private static bool IsDeliveryFailure(Exception e, CancellationToken cancellationToken) =>
        e is IOException or System.Net.Sockets.SocketException or MailKit.ProtocolException or MailKit.CommandException
            or MailKit.Security.AuthenticationException or System.Security.Authentication.AuthenticationException
            or TimeoutException or UnauthorizedAccessException or FormatException or ArgumentException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Information, Message = "Notification {Kind} {Id} sent (attempt {Attempts})")]
    private static partial void LogSent(ILogger logger, string kind, Guid id, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Kind} {Id} not sent (attempt {Attempts}, {Next}): {Error}")]
    private static partial void LogNotSent(ILogger logger, string kind, Guid id, int attempts, string next, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notification {Kind} {Id}: {ExceptionType}: {Detail}")]
    private static partial void LogDeliveryException(ILogger logger, string kind, Guid id, string exceptionType, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox worker could not read the portal store: {Error}")]
    private static partial void LogStoreFailure(ILogger logger, string error);
}
