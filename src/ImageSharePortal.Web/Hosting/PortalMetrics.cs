
namespace ImageSharePortal.Web.Hosting;

/// <summary>The portal's own meter: shares added, status changes, access requests, the outbox's depth and failures.</summary>
public sealed class PortalMetrics : IDisposable
{
    public const string MeterName = "ImageSharePortal";

    private readonly System.Diagnostics.Metrics.Meter _meter;
    private readonly System.Diagnostics.Metrics.Counter<long> _sharesAdded;
    private readonly System.Diagnostics.Metrics.Counter<long> _statusChanges;
    private readonly System.Diagnostics.Metrics.Counter<long> _requests;
    private readonly System.Diagnostics.Metrics.Counter<long> _outboxFailures;

    public PortalMetrics(System.Diagnostics.Metrics.IMeterFactory meters, IServiceScopeFactory scopes)
    {
        _meter = meters.Create(new System.Diagnostics.Metrics.MeterOptions(MeterName));
        _sharesAdded = _meter.CreateCounter<long>("isp.shares.added", description: "Members added to images through the portal");
        _statusChanges = _meter.CreateCounter<long>("isp.shares.status_changes", description: "Accepts, rejects and resets by consumers");
        _requests = _meter.CreateCounter<long>("isp.requests.created", description: "Access requests sent from the catalogue");
        _outboxFailures = _meter.CreateCounter<long>("isp.outbox.failures", description: "Mail delivery attempts that failed");
        _meter.CreateObservableGauge("isp.outbox.depth", () => OutboxDepth(scopes), description: "Mails waiting to be sent");
    }

    public void ShareAdded(int count = 1) => _sharesAdded.Add(count);

    public void StatusChanged(string status) => _statusChanges.Add(1, new KeyValuePair<string, object?>("status", status));

    public void RequestCreated() => _requests.Add(1);

    public void OutboxFailed() => _outboxFailures.Add(1);

    public void Dispose() => _meter.Dispose();

    private static long OutboxDepth(IServiceScopeFactory scopes)
    {
        try
        {
            using var scope = scopes.CreateScope();
            using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
            return db.Outbox.LongCount(m => m.Status == OutboxStatus.Pending);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            return -1;
        }
    }
}

/// <summary>
/// Feeds <see cref="PortalMetrics"/> from what the store commits: every succeeded history event of a share added,
/// a consumer's status change or an access request counts once its SaveChanges has gone through.
/// </summary>
internal sealed class AuditMetricsInterceptor(PortalMetrics metrics) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
{
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<AuditEvent>> _pending = [];

    public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
        Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            _pending.AddOrUpdate(context, [.. context.ChangeTracker.Entries<AuditEvent>()
                .Where(e => e.State == EntityState.Added && e.Entity.Outcome == AuditOutcome.Succeeded).Select(e => e.Entity)]);
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override ValueTask<int> SavedChangesAsync(Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var events))
        {
            _pending.Remove(context);
            foreach (var e in events)
            {
                switch (e.Action)
                {
                    case AuditActions.MemberAdd:
                        metrics.ShareAdded();
                        break;
                    case AuditActions.ShareAccept or AuditActions.ShareReject or AuditActions.SharePending:
                        metrics.StatusChanged(e.Action);
                        break;
                    case AuditActions.RequestSubmit:
                        metrics.RequestCreated();
                        break;
                }
            }
        }

        return base.SavedChangesAsync(eventData, result, cancellationToken);
    }
}
