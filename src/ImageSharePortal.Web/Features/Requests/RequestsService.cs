using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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

/// <summary>
/// Access requests: visitors and consumers ask, producers approve (the member is added through the Images API)
/// or decline, consumers withdraw. Every decision, its notification and its history event are saved together in
/// one SaveChanges; the acting project is always the session's.
/// </summary>
#pragma warning disable CA1862 // ToLower() in queries is translated to SQL lower(): requests stored before IDs were normalised may carry upper case
public sealed class RequestsService(
    IDbContextFactory<PortalDbContext> store,
    IImagesClient images,
    ICurrentIdentity identity,
    AuditLog audit,
    ProjectContacts contacts,
    OutboxSignal outbox,
    LiveNotifier live,
    Shared.MemberListCache memberLists,
    IOptions<EmailOptions> email,
    IOptions<PortalOptions> portal,
    ProjectIdPolicy policy,
    ProjectDirectory directory,
    ShareNotices notices,
    TimeProvider clock)
{
    public const int DecidedShown = 50;

    private string PortalUrl => email.Value.PortalUrl;

    public async Task<SubmitResult> SubmitAsync(Guid listingId, AccessRequestForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var who = await identity.GetAsync(cancellationToken);

        // A signed-in consumer's project comes from the session, never from the form; its email too, when the session has one.
        var sessionEmail = who?.Email is { } e && AccessRequestValidation.ValidateEmail(e).Error is null ? e : null;
        var input = AccessRequestValidation.Validate(who?.ProjectId ?? form.ProjectId, sessionEmail ?? form.Email, form.Message, policy);
        if (!input.IsValid)
        {
            return new SubmitResult(SubmitOutcome.Invalid, input);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Id == listingId && l.IsPublished, cancellationToken);
        if (listing is null)
        {
            return new SubmitResult(SubmitOutcome.ListingNotFound, input, Message: "This listing is no longer in the catalogue.");
        }

        if (ProjectIdPolicy.Same(input.ProjectId, listing.OwnerProjectId))
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [AccessRequestValidation.ProjectIdField] = "That is the producer's own project: it already owns this image.",
            };
            return new SubmitResult(SubmitOutcome.Invalid, input with { Errors = errors });
        }

        var existing = await FindOpenAsync(db, listing.Id, input.ProjectId!, cancellationToken);
        if (existing is not null)
        {
            return new SubmitResult(SubmitOutcome.AlreadyOpen, input, existing);
        }

        var now = clock.GetUtcNow();
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(),
            ListingId = listing.Id,
            ImageId = listing.ImageId,
            ImageName = listing.ImageName.Length > 0 ? listing.ImageName : listing.Title,
            OwnerProjectId = listing.OwnerProjectId,
            RequesterProjectId = input.ProjectId!,
            RequesterEmail = input.Email!,
            RequesterUserId = who?.UserId,
            RequesterName = who?.UserName,
            IsVerified = who is not null,
            Message = input.Message,
            CreatedAt = now,
        };
        db.AccessRequests.Add(request);
        db.AuditEvents.Add(audit.Create(who, AuditActions.RequestSubmit, listing.ImageId, listing.OwnerProjectId, request.RequesterProjectId,
            AuditOutcome.Succeeded, $"Asked for \"{listing.Title}\"" + (who is null ? " (project ID typed by a visitor)" : " (signed in)")));
        var producerEmail = await contacts.ProducerEmailAsync(db, listing.OwnerProjectId, listing.ImageId, cancellationToken);
        if (producerEmail is not null)
        {
            db.Outbox.Add(EmailTemplates.RequestReceived(request, producerEmail, listing.Title, PortalUrl).ToOutbox(listing.OwnerProjectId, now));
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // The same project asked at the same moment: the unique index kept one open request. Show that one.
            await using var again = await store.CreateDbContextAsync(CancellationToken.None);
            var raced = await FindOpenAsync(again, listing.Id, input.ProjectId!, CancellationToken.None);
            if (raced is null)
            {
                throw;
            }

            return new SubmitResult(SubmitOutcome.AlreadyOpen, input, raced);
        }

        if (who is not null)
        {
            // A verified request: the address it gave reaches that project about its shares from now on.
            await directory.RecordAsync(who.ProjectId, who.ProjectName, who.ProjectDomain, ProjectDirectory.FromRequest,
                [(request.RequesterEmail, who.UserId, who.UserName)], CancellationToken.None);
        }

        outbox.Notify();
        var requester = (await directory.NamesAsync([request.RequesterProjectId], CancellationToken.None))[request.RequesterProjectId];
        await live.PublishAsync(listing.OwnerProjectId, new LiveNotice($"New access request for {listing.Title} from {(requester.IsKnown ? requester.Text : "project " + requester.Id)}.", "/requests", listing.ImageId));
        return new SubmitResult(SubmitOutcome.Created, input, request);
    }

    /// <summary>The producer's queue: open requests for the session's project, oldest first, and recent decisions.</summary>
    public async Task<ImagesResult<RequestsOverview>> GetQueueAsync(CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        return await StoreCall.RunAsync(async () =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var mine = db.AccessRequests.AsNoTracking().Where(r => r.OwnerProjectId == who.ProjectId);
            var open = await mine.Where(r => r.Status == AccessRequestStatus.Open).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
            var decided = await mine.Where(r => r.Status != AccessRequestStatus.Open)
                .OrderByDescending(r => r.DecidedAt).Take(DecidedShown).ToListAsync(cancellationToken);
            var names = await directory.NamesAsync(open.Concat(decided).Select(r => r.RequesterProjectId), cancellationToken);
            return new RequestsOverview(open, decided, names);
        });
    }

    /// <summary>The session project's own requests, newest first.</summary>
    public async Task<ImagesResult<MyRequests>> GetMineAsync(CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        return await StoreCall.RunAsync(async () =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var mine = await db.AccessRequests.AsNoTracking().Where(r => r.RequesterProjectId.ToLower() == who.ProjectId.ToLower())
                .OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
            return new MyRequests(mine, await directory.NamesAsync(mine.Select(r => r.OwnerProjectId), cancellationToken));
        });
    }

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

    /// <summary>Notifications of the session's project that could not be sent (all of them for an admin), newest first.</summary>
    public async Task<ImagesResult<IReadOnlyList<OutboxMessage>>> GetUndeliveredAsync(CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var admin = who.Roles.Contains("admin");
        return await StoreCall.RunAsync<IReadOnlyList<OutboxMessage>>(async () =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            return await db.Outbox.AsNoTracking()
                .Where(m => (admin || m.ProjectId == who.ProjectId) && (m.Status == OutboxStatus.Failed || (m.Status == OutboxStatus.Pending && m.Attempts > 0)))
                .OrderByDescending(m => m.CreatedAt).Take(100).ToListAsync(cancellationToken);
        });
    }

    /// <summary>Puts a failed notification back in the queue, with a fresh set of attempts.</summary>
    public async Task<DecisionResult> RetryNotificationAsync(Guid messageId, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return new DecisionResult(DecisionOutcome.Refused, ImagesError.NotSignedIn.Message);
        }

        var admin = who.Roles.Contains("admin");
        var now = clock.GetUtcNow();
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var message = await db.Outbox.FirstOrDefaultAsync(m => m.Id == messageId && (admin || m.ProjectId == who.ProjectId), cancellationToken);
        if (message is null || message.Status == OutboxStatus.Sent)
        {
            return new DecisionResult(DecisionOutcome.NotFound, "This notification is not waiting to be sent.");
        }

        message.Status = OutboxStatus.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = now;
        db.AuditEvents.Add(audit.Create(who, AuditActions.NotificationRetry, null, message.ProjectId, null, AuditOutcome.Succeeded, $"Retry of \"{message.Subject}\" to {message.To}"));
        await db.SaveChangesAsync(CancellationToken.None);
        outbox.Notify();
        return new DecisionResult(DecisionOutcome.Approved, $"The message to {message.To} is queued again.");
    }

    private static Task<AccessRequest?> FindOpenAsync(PortalDbContext db, Guid listingId, string projectId, CancellationToken cancellationToken) =>
        db.AccessRequests.AsNoTracking().FirstOrDefaultAsync(
            r => r.ListingId == listingId && r.RequesterProjectId.ToLower() == projectId && r.Status == AccessRequestStatus.Open, cancellationToken);

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
