namespace ImageSharePortal.Web.Store;

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// An email waiting to be sent. Written in the same transaction as the change that causes it, sent by the
/// outbox worker with retries, so nothing is lost when SMTP is down or the portal restarts.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>What kind of notification this is (share-granted, request-received, ...).</summary>
    public required string Kind { get; set; }

    /// <summary>The producer project the message concerns: its members see it when it could not be sent.</summary>
    public required string ProjectId { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string TextBody { get; set; }
    public required string HtmlBody { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>When the worker may (re)try; also the lease while a send is in flight.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    public OutboxStatus Status { get; set; } = OutboxStatus.Pending;
}
