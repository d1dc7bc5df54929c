using System.ComponentModel.DataAnnotations;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>Time-limited shares and reminders (section <c>Shares</c>).</summary>
public sealed class SharesOptions
{
    public const string SectionName = "Shares";

    /// <summary>How long before the end both sides are mailed (each at most once). Default: 7 days and 1 day.</summary>
    public List<TimeSpan> NoticesBefore { get; set; } = [TimeSpan.FromDays(7), TimeSpan.FromDays(1)];

    /// <summary>How often the worker looks for shares to end and notices to send (it is also woken by every change).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An end date must be at least this far ahead when it is set.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MinimumLead { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The furthest an end date may be set ahead.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan MaximumLead { get; set; } = TimeSpan.FromDays(3650);

    /// <summary>The first retry after a failed removal; each further failure doubles it, up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMinutes(1);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>At most one reminder per share in this period, whoever sends it (a producer or the automatic reminders).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How often the automatic reminders look for shares pending too long.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan AutoReminderCheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How many days a share is pending before the automatic reminders (when a producer turns them on) may remind: the choices
    /// offered, and what the portal accepts.
    /// </summary>
    [Range(1, 365)]
    public int MaxAutoRemindDays { get; set; } = 90;
}

/// <summary>
/// The Keystone account the portal ends shares and sends automatic reminders with, when nobody is signed in (OpenStack
/// backend only; section <c>ServiceAccount</c>). Glance lets an admin remove any image's members, so the account needs the
/// admin role (or a role the cloud's <c>delete_member</c> and <c>get_members</c> policies allow). An application credential
/// is preferred; else a user name and password, scoped to <see cref="ProjectName"/>.
/// </summary>
public sealed class ServiceAccountOptions
{
    public const string SectionName = "ServiceAccount";

    public string? ApplicationCredentialId { get; set; }
    public string? ApplicationCredentialSecret { get; set; }
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string UserDomain { get; set; } = "Default";

    /// <summary>The project the password's token is scoped to.</summary>
    public string? ProjectName { get; set; }

    public bool IsConfigured => ApplicationCredentialId is { Length: > 0 } || (UserName is { Length: > 0 } && ProjectName is { Length: > 0 });
}
