
namespace ImageSharePortal.Web.Features.History;

/// <summary>
/// Records sharing actions. <see cref="Create"/> makes an event to save together with the change it describes
/// (one SaveChanges); <see cref="RecordAsync"/> saves one on its own (for actions whose change lives in the Images API).
/// </summary>
public sealed class AuditLog(IDbContextFactory<PortalDbContext> store, TimeProvider clock)
{
    /// <summary>The name recorded for an event without a signed-in person (shown in the reader's words, <see cref="HistoryText.Who"/>).</summary>
    public const string AnonymousVisitor = "anonymous visitor";

    public AuditEvent Create(PortalIdentity? who, string action, string? imageId, string? ownerProjectId, string? memberId, AuditOutcome outcome, string detail, string? anonymousName = null) => new()
    {
        At = clock.GetUtcNow(),
        UserId = who?.UserId,
        UserName = Truncate(who?.UserName ?? anonymousName ?? AnonymousVisitor, 128),
        ActingProjectId = who?.ProjectId,
        Action = action,
        ImageId = imageId,
        OwnerProjectId = ownerProjectId,
        MemberId = memberId,
        Outcome = outcome,
        Detail = Truncate(detail, 1000),
    };

    public async Task RecordAsync(PortalIdentity? who, string action, string? imageId, string? ownerProjectId, string? memberId, AuditOutcome outcome, string detail, CancellationToken cancellationToken = default)
    {
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        db.AuditEvents.Add(Create(who, action, imageId, ownerProjectId, memberId, outcome, detail));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
