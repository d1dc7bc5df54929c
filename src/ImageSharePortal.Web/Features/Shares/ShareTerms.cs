
namespace ImageSharePortal.Web.Features.Shares;

/// <summary>Writes a share's row in the caller's DbContext, so it is saved with the change and the history event it belongs to.</summary>
public static class ShareTerms
{
    /// <summary>The row of (image, member), tracked; a new one (added to the context) when there is none.</summary>
    public static async Task<ShareTerm> GetOrAddAsync(PortalDbContext db, string imageId, string imageName, string ownerProjectId, string memberId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var member = ProjectIdPolicy.Normalise(memberId);
        var term = await db.ShareTerms.SingleOrDefaultAsync(t => t.ImageId == imageId && t.MemberId == member, cancellationToken);
        if (term is not null)
        {
            term.ImageName = Truncate(imageName, 255);
            return term;
        }

        term = new ShareTerm { ImageId = imageId, ImageName = Truncate(imageName, 255), OwnerProjectId = ownerProjectId, MemberId = member, UpdatedAt = now };
        db.ShareTerms.Add(term);
        return term;
    }

    /// <summary>
    /// Sets or clears the end date of the member created at <paramref name="memberCreatedAt"/>: the notices ahead start
    /// again from the new date, and a failed attempt at the old one is forgotten.
    /// </summary>
    public static void Schedule(ShareTerm term, DateTimeOffset? endsAt, DateTimeOffset? memberCreatedAt, string? setBy, DateTimeOffset now, SharesOptions options)
    {
        ArgumentNullException.ThrowIfNull(term);
        ArgumentNullException.ThrowIfNull(options);
        term.EndsAt = endsAt;
        term.EndState = endsAt is null ? ShareEndState.None : ShareEndState.Scheduled;
        term.NextNoticeAt = endsAt is { } end ? ShareSchedule.NextNotice(end, now, options.NoticesBefore) : null;
        term.MemberCreatedAt = memberCreatedAt;
        term.Attempts = 0;
        term.LastError = null;
        term.RetryAt = null;
        term.EndedAt = null;
        term.EndSetBy = setBy is null ? null : Truncate(setBy, 128);
        term.UpdatedAt = now;
    }

    /// <summary>A member added (again) through the portal: a new share, with the end date given (or none) and no reminders yet.</summary>
    public static void Added(ShareTerm term, DateTimeOffset? endsAt, DateTimeOffset? memberCreatedAt, string setBy, DateTimeOffset now, SharesOptions options)
    {
        Schedule(term, endsAt, memberCreatedAt, setBy, now, options);
        term.LastRemindedAt = null;
        term.RemindersSent = 0;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
