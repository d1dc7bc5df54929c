namespace ImageSharePortal.Web.Features.Shares;

/// <summary>
/// Ends shares at their end date and sends the notices ahead of it. Each due row is claimed by a conditional UPDATE of
/// its lease, so across restarts and instances one worker acts on it at a time; the row's state, the history event and the
/// mails are saved together, so a share is ended once. The removal itself is checked against the Images API first: a
/// member already gone, or added again outside the portal since the date was set, is left alone.
/// </summary>
internal sealed partial class ShareEndWorker(
    IDbContextFactory<PortalDbContext> store,
    IServiceScopeFactory scopes,
    ShareEndSignal signal,
    IOptions<SharesOptions> options,
    TimeProvider clock,
    ILogger<ShareEndWorker> logger) : BackgroundService
{
    private const int BatchSize = 20;

    /// <summary>How long a claimed row is kept from other workers: longer than one removal with all its retries can take.</summary>
    internal static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await RunDueAsync(stoppingToken) == BatchSize)
                {
                    // A full batch: more may be due now.
                }
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogStoreFailure(logger, e.Message);
            }

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

    /// <summary>One pass: claims the rows due now (an end or a notice) and acts on each; returns how many were claimed.</summary>
    internal async Task<int> RunDueAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + Lease;
        var claimed = new List<long>();
        await using (var db = await store.CreateDbContextAsync(cancellationToken))
        {
            var due = await db.ShareTerms.AsNoTracking()
                .Where(t => t.EndState == ShareEndState.Scheduled
                    && ((t.EndsAt <= now && (t.RetryAt == null || t.RetryAt <= now)) || t.NextNoticeAt <= now)
                    && (t.LeaseUntil == null || t.LeaseUntil <= now))
                .OrderBy(t => t.EndsAt).Take(BatchSize)
                .Select(t => new { t.Id, t.LeaseUntil }).ToListAsync(cancellationToken);
            foreach (var row in due)
            {
                var won = await db.ShareTerms
                    .Where(t => t.Id == row.Id && t.EndState == ShareEndState.Scheduled && t.LeaseUntil == row.LeaseUntil)
                    .ExecuteUpdateAsync(u => u.SetProperty(t => t.LeaseUntil, leaseUntil), cancellationToken);
                if (won == 1)
                {
                    claimed.Add(row.Id);
                }
            }
        }

        foreach (var id in claimed)
        {
            await using var scope = scopes.CreateAsyncScope();
            var ending = scope.ServiceProvider.GetRequiredService<ShareEnding>();
            try
            {
                await ending.RunAsync(id, leaseUntil, cancellationToken);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException && !cancellationToken.IsCancellationRequested)
            {
                // The row keeps its lease until it runs out; then the next pass tries again.
                LogStoreFailure(logger, e.Message);
            }
        }

        return claimed.Count;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The share-end worker could not use the portal store: {Error}")]
    private static partial void LogStoreFailure(ILogger logger, string error);
}

/// <summary>What the worker does with one claimed row, in a scope of its own (the Images API acts as the service caller).</summary>
internal sealed partial class ShareEnding(
    IDbContextFactory<PortalDbContext> store,
    IImagesClient images,
    IServiceImagesCaller service,
    BackgroundCaller background,
    ShareEndMessages messages,
    Shared.MemberListCache memberLists,
    IOptions<SharesOptions> options,
    TimeProvider clock,
    ILogger<ShareEnding> logger)
{
    public async Task RunAsync(long id, DateTimeOffset lease, CancellationToken cancellationToken)
    {
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var term = await db.ShareTerms.SingleOrDefaultAsync(t => t.Id == id && t.LeaseUntil == lease, cancellationToken);
        if (term is null || term.EndState != ShareEndState.Scheduled || term.EndsAt is not { } endsAt)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (endsAt > now)
        {
            // Only a notice is due.
            var notice = await messages.QueueEndsSoonAsync(db, term, endsAt, now, cancellationToken);
            term.NextNoticeAt = ShareSchedule.NextNotice(endsAt, now, options.Value.NoticesBefore);
            term.LeaseUntil = null;
            await db.SaveChangesAsync(CancellationToken.None);
            await messages.PublishAsync(notice);
            return;
        }

        var outcome = await RemoveAsync(term, cancellationToken);
        term.LeaseUntil = null;
        term.NextNoticeAt = null; // the end has come: a notice ahead of it is no longer worth sending
        term.UpdatedAt = clock.GetUtcNow();
        if (outcome.Error is { } error)
        {
            term.Attempts++;
            term.LastError = error.Length > 1000 ? error[..1000] : error;
            var delay = ShareSchedule.RetryDelay(term.Attempts, options.Value);
            term.RetryAt = term.UpdatedAt + delay;
            if (term.Attempts == 1)
            {
                messages.RecordFailure(db, term, error, term.RetryAt.Value);
            }

            await db.SaveChangesAsync(CancellationToken.None);
            LogNotEnded(logger, term.ImageId, term.MemberId, term.Attempts, term.RetryAt.Value, error);
            return;
        }

        term.RetryAt = null;
        term.EndedAt = term.UpdatedAt;
        if (outcome.Skipped is { } reason)
        {
            term.EndState = ShareEndState.Skipped;
            messages.RecordSkipped(db, term, reason);
            await db.SaveChangesAsync(CancellationToken.None);
            LogSkipped(logger, term.ImageId, term.MemberId, reason);
            return;
        }

        term.EndState = ShareEndState.Ended;
        await memberLists.InvalidateAsync(term.OwnerProjectId, term.ImageId);
        var told = await messages.QueueEndedAsync(db, term, endsAt, cancellationToken);
        await db.SaveChangesAsync(CancellationToken.None);
        LogEnded(logger, term.ImageId, term.MemberId);
        await messages.PublishAsync(told);
    }

    /// <summary>Removes the member the end date was set for; says why nothing was removed, or what failed.</summary>
    private async Task<(string? Skipped, string? Error)> RemoveAsync(ShareTerm term, CancellationToken cancellationToken)
    {
        var caller = await service.ForOwnerAsync(term.OwnerProjectId, cancellationToken);
        if (!caller.IsSuccess)
        {
            return (null, caller.Error.Message);
        }

        background.Caller = caller.Value;
        var member = await images.GetMemberAsync(term.ImageId, term.MemberId, cancellationToken);
        if (!member.IsSuccess)
        {
            return member.Error.Kind == ImagesErrorKind.NotFound
                ? ("The member was already gone from the Images API (removed outside the portal): nothing was removed.", null)
                : (null, Refused(member.Error));
        }

        if (term.MemberCreatedAt is { } expected && member.Value.CreatedAt is { } actual && actual != expected)
        {
            return ($"The member was removed and added again outside the portal (on {Components.Shared.Format.DateTime(actual)}) after the end date was set: " +
                "the new share was left alone.", null);
        }

        var removed = await images.RemoveMemberAsync(term.ImageId, term.MemberId, cancellationToken);
        if (!removed.IsSuccess)
        {
            return removed.Error.Kind == ImagesErrorKind.NotFound
                ? ("The member was already gone from the Images API (removed outside the portal): nothing was removed.", null)
                : (null, Refused(removed.Error));
        }

        return (null, null);
    }

    private string Refused(ImagesError error)
    {
        if (error.Kind == ImagesErrorKind.Unauthorized)
        {
            service.Refused();
        }

        return error.Message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Share of image {ImageId} with {MemberId} ended at its end date")]
    private static partial void LogEnded(ILogger logger, string imageId, string memberId);

    [LoggerMessage(Level = LogLevel.Information, Message = "End date of image {ImageId} for {MemberId} not applied: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string imageId, string memberId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Share of image {ImageId} with {MemberId} not ended (attempt {Attempts}, retry at {RetryAt:O}): {Error}")]
    private static partial void LogNotEnded(ILogger logger, string imageId, string memberId, int attempts, DateTimeOffset retryAt, string error);
}
