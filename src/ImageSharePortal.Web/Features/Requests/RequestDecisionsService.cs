using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Web.Features.Requests;
/// <summary>
/// The producer's decisions on access requests (approve: the member is added through the Images API; decline) and the
/// requester's withdrawal. Every decision, its notification and its history event are saved together in one SaveChanges;
/// the acting project is always the session's.
/// </summary>
#pragma warning disable CA1862 // ToLower() in queries is translated to SQL lower(): requests stored before IDs were normalised may carry upper case
public sealed class RequestDecisionsService(
    IDbContextFactory<PortalDbContext> store,
    IImagesClient images,
    ICurrentIdentity identity,
    AuditLog audit,
    OutboxSignal outbox,
    LiveNotifier live,
    Shared.MemberListCache memberLists,
    IOptions<EmailOptions> email,
    IOptions<PortalOptions> portal,
    ProjectDirectory directory,
    ShareNotices notices,
    TimeProvider clock)
{
    private string PortalUrl => email.Value.PortalUrl;

    public async Task<DecisionResult> ApproveAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return new DecisionResult(DecisionOutcome.Refused, ImagesError.NotSignedIn.Message);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var request = await db.AccessRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.OwnerProjectId == who.ProjectId, cancellationToken);
        if (request is null)
        {
            return new DecisionResult(DecisionOutcome.NotFound, "This request does not exist or is not for your project.");
        }

        if (request.Status != AccessRequestStatus.Open)
        {
            return AlreadyDecided(request);
        }

        var refusal = await CheckImageAsync(request, who, cancellationToken);
        if (refusal is not null)
        {
            await RefuseAsync(who, request, refusal, cancellationToken);
            return refusal;
        }

        // Requests made before IDs were normalised may carry upper case: the member is always the normalised ID.
        var memberId = ProjectIdPolicy.Normalise(request.RequesterProjectId);
        var added = await images.AddMemberAsync(request.ImageId, memberId, cancellationToken);
        await memberLists.InvalidateAsync(who.ProjectId, request.ImageId);
        var alreadyMember = !added.IsSuccess && added.Error.Kind == ImagesErrorKind.Conflict;
        if (!added.IsSuccess && !alreadyMember)
        {
            refusal = added.Error.Kind switch
            {
                ImagesErrorKind.QuotaExceeded => new DecisionResult(DecisionOutcome.Refused,
                    $"This image already has the maximum number of members ({portal.Value.MemberQuota}). Remove a member, then approve again. The request stays open."),
                ImagesErrorKind.NotFound => Gone(request),
                ImagesErrorKind.Forbidden => new DecisionResult(DecisionOutcome.Refused,
                    $"The Images API refused to add the member: {added.Error.Message} Is the image still shared? The request stays open."),
                ImagesErrorKind.Unavailable => new DecisionResult(DecisionOutcome.Unavailable, $"{added.Error.Message} Nothing was changed; the request stays open."),
                _ => new DecisionResult(DecisionOutcome.Refused, $"{added.Error.Message} The request stays open."),
            };
            await RefuseAsync(who, request, refusal, cancellationToken);
            return refusal;
        }

        // Already a member (409): the consumer already has what it asked for, so the request is closed as approved
        // and the consumer is told (again) how to accept. Nothing is added, so nothing needs undoing.
        var now = clock.GetUtcNow();
        request.Status = AccessRequestStatus.Approved;
        request.DecidedAt = now;
        request.DecidedByUserId = who.UserId;
        request.DecidedByName = who.UserName;
        request.DecisionNote = alreadyMember ? "The project was already a member; no member was added." : null;
        if (!alreadyMember)
        {
            db.AuditEvents.Add(audit.Create(who, AuditActions.MemberAdd, request.ImageId, who.ProjectId, request.RequesterProjectId, AuditOutcome.Succeeded,
                "Added through an approved access request; pending until the consumer accepts."));
        }

        db.AuditEvents.Add(audit.Create(who, AuditActions.RequestApprove, request.ImageId, who.ProjectId, request.RequesterProjectId, AuditOutcome.Succeeded,
            alreadyMember ? "Approved; the project was already a member." : "Approved; consumer emailed."));
        var names = await directory.NamesAsync([memberId], cancellationToken);
        var share = new ShareFacts(request.ImageId, request.ImageName, new ProjectLabel(who.ProjectId, who.ProjectName), names[memberId], who.UserName);
        var notice = await notices.QueueSharedAsync(db, share, [request.RequesterEmail], cancellationToken);
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or System.Data.Common.DbException)
        {
            // The approval could not be recorded: take the member back out so nothing is half-done.
            var concurrent = e is DbUpdateConcurrencyException;
            if (!alreadyMember)
            {
                await images.RemoveMemberAsync(request.ImageId, memberId, CancellationToken.None);
                await memberLists.InvalidateAsync(who.ProjectId, request.ImageId);
            }

            return concurrent
                ? new DecisionResult(DecisionOutcome.AlreadyDecided, "Someone else decided this request a moment ago. Reload to see how.")
                : new DecisionResult(DecisionOutcome.Unavailable, "The portal could not record the approval, so the member was not added. Try again.");
        }

        await notices.PublishAsync(notice with
        {
            Live = new LiveNotice($"{who.ProjectName} approved your request for {request.ImageName}: it is in your inbox.", "/inbox", request.ImageId),
        });
        return alreadyMember
            ? new DecisionResult(DecisionOutcome.AlreadyMember,
                $"{char.ToUpperInvariant(names[memberId].Phrase[0])}{names[memberId].Phrase[1..]} was already a member of {request.ImageName}. The request is closed as approved and the consumer was emailed how to accept.")
            : new DecisionResult(DecisionOutcome.Approved,
                $"Approved: {names[memberId].Phrase} is now a member of {request.ImageName} (pending until they accept). The consumer was emailed.");
    }

    public async Task<DecisionResult> DeclineAsync(Guid requestId, string? reason, CancellationToken cancellationToken = default)
    {
        var (cleanReason, invalid) = AccessRequestValidation.ValidateText(reason, AccessRequestRules.ReasonMaxLength, "reason");
        if (invalid is not null)
        {
            return new DecisionResult(DecisionOutcome.Invalid, invalid);
        }

        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return new DecisionResult(DecisionOutcome.Refused, ImagesError.NotSignedIn.Message);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var request = await db.AccessRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.OwnerProjectId == who.ProjectId, cancellationToken);
        if (request is null)
        {
            return new DecisionResult(DecisionOutcome.NotFound, "This request does not exist or is not for your project.");
        }

        if (request.Status != AccessRequestStatus.Open)
        {
            return AlreadyDecided(request);
        }

        var now = clock.GetUtcNow();
        request.Status = AccessRequestStatus.Declined;
        request.DecidedAt = now;
        request.DecidedByUserId = who.UserId;
        request.DecidedByName = who.UserName;
        request.DeclineReason = string.IsNullOrEmpty(cleanReason) ? null : cleanReason;
        db.AuditEvents.Add(audit.Create(who, AuditActions.RequestDecline, request.ImageId, who.ProjectId, request.RequesterProjectId, AuditOutcome.Succeeded,
            request.DeclineReason is null ? "Declined without a reason." : "Declined with a reason."));
        db.Outbox.Add(EmailTemplates.RequestDeclined(request, who.ProjectName, PortalUrl).ToOutbox(who.ProjectId, now));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DecisionResult(DecisionOutcome.AlreadyDecided, "Someone else decided this request a moment ago. Reload to see how.");
        }

        outbox.Notify();
        await live.PublishAsync(request.RequesterProjectId, new LiveNotice($"Your request for {request.ImageName} was declined.", "/my-requests", request.ImageId));
        return new DecisionResult(DecisionOutcome.Declined, $"Declined the request of project {request.RequesterProjectId}. They were emailed.");
    }

    public async Task<DecisionResult> WithdrawAsync(Guid requestId, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return new DecisionResult(DecisionOutcome.Refused, ImagesError.NotSignedIn.Message);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var request = await db.AccessRequests.FirstOrDefaultAsync(r => r.Id == requestId && r.RequesterProjectId.ToLower() == who.ProjectId.ToLower(), cancellationToken);
        if (request is null)
        {
            return new DecisionResult(DecisionOutcome.NotFound, "This request does not exist or is not your project's.");
        }

        if (request.Status != AccessRequestStatus.Open)
        {
            return AlreadyDecided(request);
        }

        request.Status = AccessRequestStatus.Withdrawn;
        request.DecidedAt = clock.GetUtcNow();
        request.DecidedByUserId = who.UserId;
        request.DecidedByName = who.UserName;
        db.AuditEvents.Add(audit.Create(who, AuditActions.RequestWithdraw, request.ImageId, request.OwnerProjectId, request.RequesterProjectId, AuditOutcome.Succeeded, "Withdrawn by the requesting project."));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DecisionResult(DecisionOutcome.AlreadyDecided, "The producer decided this request a moment ago. Reload to see how.");
        }

        return new DecisionResult(DecisionOutcome.Withdrawn, $"Withdrew the request for {request.ImageName}.");
    }

    /// <summary>The image must still exist, belong to the session's project and be shared; null when it does.</summary>
    private async Task<DecisionResult?> CheckImageAsync(AccessRequest request, PortalIdentity who, CancellationToken cancellationToken)
    {
        var image = await images.GetImageAsync(request.ImageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return image.Error.Kind switch
            {
                ImagesErrorKind.NotFound => Gone(request),
                ImagesErrorKind.Unavailable => new DecisionResult(DecisionOutcome.Unavailable, $"{image.Error.Message} Nothing was changed; the request stays open."),
                _ => new DecisionResult(DecisionOutcome.Refused, $"{image.Error.Message} The request stays open."),
            };
        }

        if (image.Value.Owner != who.ProjectId)
        {
            return new DecisionResult(DecisionOutcome.Refused, "Only the project that owns this image can share it. The request stays open.");
        }

        return image.Value.Visibility == Visibilities.Shared
            ? null
            : new DecisionResult(DecisionOutcome.Refused,
                $"{request.ImageName} is no longer shared (it is {image.Value.Visibility}): members can only be added to shared images. " +
                "Switch it to shared on the image page and approve again, or decline the request.");
    }

    private static DecisionResult Gone(AccessRequest request) => new(DecisionOutcome.Refused,
        $"The image {request.ImageName} ({request.ImageId}) no longer exists, so it cannot be shared. Decline the request to tell the consumer.");

    private static DecisionResult AlreadyDecided(AccessRequest request) => new(DecisionOutcome.AlreadyDecided,
        $"This request is already {request.Status.ToString().ToLowerInvariant()}.");

    private Task RefuseAsync(PortalIdentity who, AccessRequest request, DecisionResult refusal, CancellationToken cancellationToken) =>
        audit.RecordAsync(who, AuditActions.RequestApprove, request.ImageId, who.ProjectId, request.RequesterProjectId,
            refusal.Outcome == DecisionOutcome.Unavailable ? AuditOutcome.Failed : AuditOutcome.Refused, refusal.Message, cancellationToken);
}
#pragma warning restore CA1862
