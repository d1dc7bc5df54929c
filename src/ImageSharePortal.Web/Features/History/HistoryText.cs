using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.History;

/// <summary>
/// The history's actions and outcomes in the person's language. The CSV export keeps <see cref="AuditActions.Describe"/>'s
/// English words and the outcome values, so a file reads the same whoever downloads it.
/// </summary>
public static class HistoryText
{
    public static string Action(IStringLocalizer<Strings> l, string action)
    {
        ArgumentNullException.ThrowIfNull(l);
        return action switch
        {
            AuditActions.MemberAdd => l["History.Action.MemberAdd"],
            AuditActions.MemberRemove => l["History.Action.MemberRemove"],
            AuditActions.VisibilityShared => l["History.Action.VisibilityShared"],
            AuditActions.ListingPublish => l["History.Action.ListingPublish"],
            AuditActions.ListingUnpublish => l["History.Action.ListingUnpublish"],
            AuditActions.ShareAccept => l["History.Action.ShareAccept"],
            AuditActions.ShareReject => l["History.Action.ShareReject"],
            AuditActions.SharePending => l["History.Action.SharePending"],
            AuditActions.RequestSubmit => l["History.Action.RequestSubmit"],
            AuditActions.RequestApprove => l["History.Action.RequestApprove"],
            AuditActions.RequestDecline => l["History.Action.RequestDecline"],
            AuditActions.RequestWithdraw => l["History.Action.RequestWithdraw"],
            AuditActions.NotificationRetry => l["History.Action.NotificationRetry"],
            AuditActions.ShareEndSet => l["History.Action.ShareEndSet"],
            AuditActions.ShareEndClear => l["History.Action.ShareEndClear"],
            AuditActions.ShareEnded => l["History.Action.ShareEnded"],
            AuditActions.ShareEndSkipped => l["History.Action.ShareEndSkipped"],
            AuditActions.ShareEndNotice => l["History.Action.ShareEndNotice"],
            AuditActions.ShareRemind => l["History.Action.ShareRemind"],
            AuditActions.RemindersOptOut => l["History.Action.RemindersOptOut"],
            AuditActions.RemindersOptIn => l["History.Action.RemindersOptIn"],
            AuditActions.AutoRemindSet => l["History.Action.AutoRemindSet"],
            _ => AuditActions.Describe(action),
        };
    }

    /// <summary>Who acted: the recorded name, or "anonymous visitor" in the reader's words for an event without a session.</summary>
    public static string Who(IStringLocalizer<Strings> l, AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(e);
        return e.UserId is null && e.UserName == AuditLog.AnonymousVisitor ? l["History.AnonymousVisitor"] : e.UserName;
    }

    public static string Outcome(IStringLocalizer<Strings> l, AuditOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(l);
        return outcome switch
        {
            AuditOutcome.Succeeded => l["History.Outcome.Succeeded"],
            AuditOutcome.Refused => l["History.Outcome.Refused"],
            AuditOutcome.Failed => l["History.Outcome.Failed"],
            _ => outcome.ToString().ToLowerInvariant(),
        };
    }
}
