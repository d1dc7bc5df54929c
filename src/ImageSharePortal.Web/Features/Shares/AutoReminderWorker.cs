namespace ImageSharePortal.Web.Features.Shares;

/// <summary>
/// Automatic reminders, for the producer projects that turned them on: every <see cref="SharesOptions.AutoReminderCheckInterval"/>,
/// each of the project's shared images is listed with the service caller, and each member pending longer than the project's
/// days is reminded, unless it opted out or was reminded within that many days (or <see cref="SharesOptions.ReminderInterval"/>).
/// Two instances checking at once send one reminder: the row's reminder count is a concurrency token.
/// </summary>
internal sealed partial class AutoReminderWorker(
    IDbContextFactory<PortalDbContext> store,
    IServiceScopeFactory scopes,
    IOptions<SharesOptions> options,
    TimeProvider clock,
    ILogger<AutoReminderWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException or InvalidOperationException && !stoppingToken.IsCancellationRequested)
            {
                LogFailure(logger, e.Message);
            }

            try
            {
                await Task.Delay(options.Value.AutoReminderCheckInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass over every project with automatic reminders; returns how many reminders were sent.</summary>
    internal async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        List<ProducerSetting> settings;
        await using (var db = await store.CreateDbContextAsync(cancellationToken))
        {
            settings = await db.ProducerSettings.AsNoTracking().Where(s => s.AutoRemindAfterDays != null).ToListAsync(cancellationToken);
        }

        var sent = 0;
        foreach (var setting in settings)
        {
            await using var scope = scopes.CreateAsyncScope();
            sent += await RemindProjectAsync(scope.ServiceProvider, setting.ProjectId, setting.AutoRemindAfterDays!.Value, cancellationToken);
        }

        return sent;
    }

    private async Task<int> RemindProjectAsync(IServiceProvider services, string projectId, int days, CancellationToken cancellationToken)
    {
        var caller = await services.GetRequiredService<IServiceImagesCaller>().ForOwnerAsync(projectId, cancellationToken);
        if (!caller.IsSuccess)
        {
            LogProjectSkipped(logger, projectId, caller.Error.Message);
            return 0;
        }

        services.GetRequiredService<BackgroundCaller>().Caller = caller.Value;
        var images = services.GetRequiredService<IImagesClient>();
        var shared = await images.ListAllImagesAsync(new ImageListQuery { Owner = projectId, Visibility = Visibilities.Shared, Limit = 1000 }, cancellationToken: cancellationToken);
        if (!shared.IsSuccess)
        {
            LogProjectSkipped(logger, projectId, shared.Error.Message);
            return 0;
        }

        var now = clock.GetUtcNow();
        var pendingBefore = now - TimeSpan.FromDays(days);
        var interval = TimeSpan.FromDays(days) > options.Value.ReminderInterval ? TimeSpan.FromDays(days) : options.Value.ReminderInterval;
        var sent = 0;
        foreach (var image in shared.Value.Where(i => i.Owner == projectId))
        {
            var members = await images.ListMembersAsync(image.Id, cancellationToken);
            if (!members.IsSuccess)
            {
                LogProjectSkipped(logger, projectId, members.Error.Message);
                continue;
            }

            foreach (var member in members.Value.Where(m => m.Status == MemberStatuses.Pending && m.CreatedAt <= pendingBefore))
            {
                sent += await RemindAsync(services, image, member, interval, cancellationToken) ? 1 : 0;
            }
        }

        return sent;
    }

    private async Task<bool> RemindAsync(IServiceProvider services, GlanceImage image, GlanceMember member, TimeSpan interval, CancellationToken cancellationToken)
    {
        var writer = services.GetRequiredService<ReminderWriter>();
        var directory = services.GetRequiredService<ProjectDirectory>();
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var term = await ShareTerms.GetOrAddAsync(db, image.Id, image.Name ?? image.Id, image.Owner!, member.MemberId, clock.GetUtcNow(), cancellationToken);
        if (await writer.RefusalAsync(db, term, interval, cancellationToken) is not null)
        {
            return false;
        }

        var names = await directory.NamesAsync([image.Owner, member.MemberId], cancellationToken);
        var share = new ShareFacts(image.Id, term.ImageName, names[image.Owner], names[member.MemberId], SharedBy: null);
        var notice = await writer.QueueAsync(db, term, share, member.CreatedAt ?? clock.GetUtcNow(), who: null, cancellationToken);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            return false; // another instance reminded it at the same moment
        }

        await services.GetRequiredService<ShareNotices>().PublishAsync(notice);
        LogReminded(logger, image.Id, member.MemberId);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic reminder of image {ImageId} sent to {MemberId}")]
    private static partial void LogReminded(ILogger logger, string imageId, string memberId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic reminders of project {ProjectId} skipped this time: {Reason}")]
    private static partial void LogProjectSkipped(ILogger logger, string projectId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Automatic reminders could not use the portal store: {Error}")]
    private static partial void LogFailure(ILogger logger, string error);
}
