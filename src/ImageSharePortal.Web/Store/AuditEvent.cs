namespace ImageSharePortal.Web.Store;

public enum AuditOutcome
{
    Succeeded,
    Refused,
    Failed,
}

/// <summary>One sharing action done through the portal. Append-only: nothing in the UI edits or deletes it.</summary>
public sealed class AuditEvent
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>Null for an anonymous visitor.</summary>
    public string? UserId { get; set; }
    public required string UserName { get; set; }

    /// <summary>The session's project; null for an anonymous visitor.</summary>
    public string? ActingProjectId { get; set; }
    public required string Action { get; set; }
    public string? ImageId { get; set; }

    /// <summary>The project that owns the image, so its producers see the event in the image's history.</summary>
    public string? OwnerProjectId { get; set; }
    public string? MemberId { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string Detail { get; set; } = "";
}

/// <summary>The actions history records.</summary>
public static class AuditActions
{
    public const string MemberAdd = "member.add";
    public const string MemberRemove = "member.remove";
    public const string VisibilityShared = "image.make-shared";
    public const string ListingPublish = "listing.publish";
    public const string ListingUnpublish = "listing.unpublish";
    public const string ShareAccept = "share.accept";
    public const string ShareReject = "share.reject";
    public const string SharePending = "share.pending";
    public const string RequestSubmit = "request.submit";
    public const string RequestApprove = "request.approve";
    public const string RequestDecline = "request.decline";
    public const string RequestWithdraw = "request.withdraw";
    public const string NotificationRetry = "notification.retry";
    public const string ShareEndSet = "share.end-set";
    public const string ShareEndClear = "share.end-clear";
    public const string ShareEnded = "share.ended";
    public const string ShareEndSkipped = "share.end-skipped";
    public const string ShareEndNotice = "share.end-notice";
    public const string ShareRemind = "share.remind";
    public const string RemindersOptOut = "reminders.opt-out";
    public const string RemindersOptIn = "reminders.opt-in";
    public const string AutoRemindSet = "settings.auto-remind";

    /// <summary>Every action, for the history's filter.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        MemberAdd, MemberRemove, VisibilityShared, ListingPublish, ListingUnpublish, ShareAccept, ShareReject, SharePending,
        RequestSubmit, RequestApprove, RequestDecline, RequestWithdraw, NotificationRetry, ShareEndSet, ShareEndClear, ShareEnded,
        ShareEndSkipped, ShareEndNotice, ShareRemind, RemindersOptOut, RemindersOptIn, AutoRemindSet,
    ];

    public static string Describe(string action) => action switch
    {
        MemberAdd => "Added member",
        MemberRemove => "Removed member",
        VisibilityShared => "Switched to shared",
        ListingPublish => "Published listing",
        ListingUnpublish => "Unpublished listing",
        ShareAccept => "Accepted share",
        ShareReject => "Rejected share",
        SharePending => "Moved share back to pending",
        RequestSubmit => "Requested access",
        RequestApprove => "Approved request",
        RequestDecline => "Declined request",
        RequestWithdraw => "Withdrew request",
        NotificationRetry => "Retried notification",
        ShareEndSet => "Set end date",
        ShareEndClear => "Cleared end date",
        ShareEnded => "Ended share (end date)",
        ShareEndSkipped => "End date not applied",
        ShareEndNotice => "Told of coming end",
        ShareRemind => "Sent reminder",
        RemindersOptOut => "Stopped reminders",
        RemindersOptIn => "Allowed reminders",
        AutoRemindSet => "Set automatic reminders",
        _ => action,
    };
}
