namespace ImageSharePortal.Web.Store;

/// <summary>
/// A project the portal has seen: someone of it signed in, or (embedded default) the demo directory names it.
/// The directory only names things; the Images API stays the record of who is a member.
/// IDs are kept normalised (trimmed, lower case), so lookups ignore case.
/// </summary>
public sealed class KnownProject
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string? DomainName { get; set; }

    /// <summary>How the portal learned of it: <c>sign-in</c>, <c>request</c> or <c>demo</c>.</summary>
    public required string Source { get; set; }
    public DateTimeOffset FirstSeenAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
}

/// <summary>An address the portal may write to about a project's shares: a user of the project who signed in with an email.</summary>
public sealed class ProjectContact
{
    public Guid Id { get; set; }
    public required string ProjectId { get; set; }
    public required string Email { get; set; }
    public string? UserId { get; set; }
    public string? UserName { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The language of the person's last sign-in (<c>en</c>, <c>de</c>): mails to this address are written in it.</summary>
    public string? Language { get; set; }
}
