
namespace ImageSharePortal.Web.Features.Requests;

public enum SubmitOutcome
{
    Created,
    AlreadyOpen,
    Invalid,
    ListingNotFound,
}

public sealed record SubmitResult(SubmitOutcome Outcome, AccessRequestInput? Input = null, AccessRequest? Request = null, string? Message = null);

public enum DecisionOutcome
{
    Approved,
    AlreadyMember,
    Declined,
    Withdrawn,
    Refused,
    Invalid,
    NotFound,
    AlreadyDecided,
    Unavailable,
}

public sealed record DecisionResult(DecisionOutcome Outcome, string Message)
{
    public bool Succeeded => Outcome is DecisionOutcome.Approved or DecisionOutcome.AlreadyMember or DecisionOutcome.Declined or DecisionOutcome.Withdrawn;
}

public sealed record RequestsOverview(IReadOnlyList<AccessRequest> Open, IReadOnlyList<AccessRequest> Decided, ProjectNames Names);

public sealed record MyRequests(IReadOnlyList<AccessRequest> Requests, ProjectNames Names);
