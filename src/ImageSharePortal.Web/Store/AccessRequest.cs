namespace ImageSharePortal.Web.Store;

public enum AccessRequestStatus
{
    Open,
    Approved,
    Declined,
    Withdrawn,
}

/// <summary>
/// A consumer's request for access to a listed image (seed-sharing-images step 2: "a potential consumer gives the
/// producer its tenant ID and email address"). The Images API has no place for it; the portal keeps it.
/// </summary>
public sealed class AccessRequest
{
    public Guid Id { get; set; }
    public Guid ListingId { get; set; }
    public required string ImageId { get; set; }
    public required string ImageName { get; set; }
    public required string OwnerProjectId { get; set; }
    public required string RequesterProjectId { get; set; }
    public required string RequesterEmail { get; set; }

    /// <summary>The user who asked, when signed in; null for an anonymous visitor.</summary>
    public string? RequesterUserId { get; set; }
    public string? RequesterName { get; set; }

    /// <summary>True when the project ID came from a signed-in session, not from a form field.</summary>
    public bool IsVerified { get; set; }
    public string Message { get; set; } = "";
    public AccessRequestStatus Status { get; set; } = AccessRequestStatus.Open;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedByUserId { get; set; }
    public string? DecidedByName { get; set; }
    public string? DeclineReason { get; set; }

    /// <summary>The language the request form was used in: the decision's mail to the requester is written in it.</summary>
    public string? Language { get; set; }

    /// <summary>How the decision went, in words (e.g. "the project was already a member").</summary>
    public string? DecisionNote { get; set; }

    /// <summary>The <see cref="DecisionNote"/> of an approval for a project that was already a member (kept in English; pages say it with <c>Requests.NoteAlreadyMember</c>).</summary>
    public const string AlreadyMemberNote = "The project was already a member; no member was added.";
}
