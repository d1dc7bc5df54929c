namespace ImageSharePortal.Web.Store;

/// <summary>Where a share's end date stands.</summary>
public enum ShareEndState
{
    /// <summary>No end date: the share lasts until someone removes it.</summary>
    None,

    /// <summary>An end date is set and has not been acted on yet.</summary>
    Scheduled,

    /// <summary>The portal removed the member at the end date.</summary>
    Ended,

    /// <summary>At the end date the member was already gone, or had been added again outside the portal: nothing was removed.</summary>
    Skipped,
}

/// <summary>
/// What the portal knows of one share (image, member) that the Images API has no place for: its end date, the notices
/// sent ahead of it, and the reminders sent while it is pending. One row per image and member; history keeps the
/// changes. The Images API stays the record of membership: the schedule only acts on the member it was made for
/// (<see cref="MemberCreatedAt"/>), so a member removed or added again outside the portal is left alone.
/// </summary>
public sealed class ShareTerm
{
    public long Id { get; set; }
    public required string ImageId { get; set; }
    public required string ImageName { get; set; }
    public required string OwnerProjectId { get; set; }

    /// <summary>The consumer project, normalised.</summary>
    public required string MemberId { get; set; }

    /// <summary>The member's <c>created_at</c> in the Images API when the end date was set: a member added again later has another.</summary>
    public DateTimeOffset? MemberCreatedAt { get; set; }

    public DateTimeOffset? EndsAt { get; set; }
    public ShareEndState EndState { get; set; }

    /// <summary>When the next notice ahead of the end is due; null when none is left.</summary>
    public DateTimeOffset? NextNoticeAt { get; set; }

    /// <summary>While a worker acts on the row, until when it holds it (a concurrency token: a producer's change made meanwhile fails).</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>After a failed removal, not before this time.</summary>
    public DateTimeOffset? RetryAt { get; set; }

    /// <summary>Failed attempts at ending the share since the end date was set.</summary>
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Who set the end date (a person's name), for the mails.</summary>
    public string? EndSetBy { get; set; }

    public DateTimeOffset? LastRemindedAt { get; set; }
    public int RemindersSent { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A consumer project that asked not to be reminded by a producer project.</summary>
public sealed class ReminderOptOut
{
    public long Id { get; set; }
    public required string ConsumerProjectId { get; set; }
    public required string ProducerProjectId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string ByUserName { get; set; }
}

/// <summary>A producer project's sharing settings. Absent = the defaults (no automatic reminders).</summary>
public sealed class ProducerSetting
{
    public required string ProjectId { get; set; }

    /// <summary>Remind consumers of shares pending longer than this many days; null = never (the default).</summary>
    public int? AutoRemindAfterDays { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}
