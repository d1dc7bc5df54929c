
namespace ImageSharePortal.Web.Features.MyImages;

/// <summary>Member counts of one image by status; null when members do not apply (not a shared image) or could not be read.</summary>
public sealed record MemberCounts(int Pending, int Accepted, int Rejected)
{
    public int Total => Pending + Accepted + Rejected;

    public static MemberCounts Of(IEnumerable<GlanceMember> members)
    {
        var list = members.ToList();
        return new(
            list.Count(m => m.Status == MemberStatuses.Pending),
            list.Count(m => m.Status == MemberStatuses.Accepted),
            list.Count(m => m.Status == MemberStatuses.Rejected));
    }
}

/// <summary>
/// One row of the producer's list: only what the page shows (not the wire model and its extension data), small enough
/// to hand from prerendering to the circuit and to keep per circuit.
/// </summary>
public sealed record MyImageRow(string Id, string Name, string Visibility, string? Status, long? Size, MemberCounts? Members)
{
    public static MyImageRow From(GlanceImage image, MemberCounts? members) =>
        new(image.Id, image.Name ?? image.Id, image.Visibility, image.Status, image.Size, members);
}

public sealed record MyImagesSlice(IReadOnlyList<MyImageRow> Rows, string? NextMarker);

public sealed record ImageDetail(GlanceImage Image, IReadOnlyList<GlanceMember> Members, bool IsOwner, int MemberQuota, ProjectNames Names)
{
    /// <summary>The scheduled end of each member's share, by normalised member ID.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Ends { get; init; } = new Dictionary<string, DateTimeOffset>();

    public bool MembersApply => Image.Visibility == Visibilities.Shared;

    public int MembersLeft => Math.Max(0, MemberQuota - Members.Count);
}

/// <summary>What happened to an add-member attempt, in the producer's words.</summary>
public enum AddMemberOutcome
{
    Added,
    AddedUnseen,
    AlreadyMember,
    QuotaReached,
    Invalid,
    InvalidEnd,
    NameMatch,
    NeedsConfirmation,
    NeedsShared,
    NotApplicable,
    Refused,
}

/// <summary>How to share: whether the producer confirmed an ID the portal has never seen, an optional address to tell, and an optional end.</summary>
public sealed record ShareOptions(bool ConfirmUnseen = false, string? NotifyEmail = null, DateTimeOffset? EndsAt = null);

/// <summary>
/// One add-member attempt: its outcome and message; the normalised ID it was about (null when the input was not an
/// ID); a known project whose name was typed where its ID belongs; the addresses told.
/// </summary>
public sealed record AddMemberResult(AddMemberOutcome Outcome, string Message, string? ProjectId = null, ProjectLabel? Suggestion = null, IReadOnlyList<string>? MailedTo = null)
{
    public bool Succeeded => Outcome is AddMemberOutcome.Added or AddMemberOutcome.AddedUnseen;
}

/// <summary>One line of a bulk share: what was typed and how it went.</summary>
public sealed record BulkShareRow(string Input, AddMemberResult Result);
