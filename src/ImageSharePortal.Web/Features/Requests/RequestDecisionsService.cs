using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

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
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
{
    private string PortalUrl => email.Value.PortalUrl;

    public Task<DecisionResult> ApproveAsync(Guid requestId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<DecisionResult>(async who =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var (request, undecidable) = await OpenRequestAsync(db, requestId, r => r.OwnerProjectId == who.ProjectId, "Requests.NotFound", cancellationToken);
            if (request is null)
            {
                return undecidable!;
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
                        localizer["Requests.QuotaExceeded", portal.Value.MemberQuota]),
                    ImagesErrorKind.NotFound => Gone(request),
                    ImagesErrorKind.Forbidden => new DecisionResult(DecisionOutcome.Refused,
                        localizer["Requests.AddRefused", ErrorText.For(localizer, added.Error)]),
                    ImagesErrorKind.Unavailable => new DecisionResult(DecisionOutcome.Unavailable, localizer["Requests.UnavailableStaysOpen", ErrorText.For(localizer, added.Error)]),
                    _ => new DecisionResult(DecisionOutcome.Refused, localizer["Requests.StaysOpen", ErrorText.For(localizer, added.Error)]),
                };
                await RefuseAsync(who, request, refusal, cancellationToken);
                return refusal;
            }

            // Already a member (409): the consumer already has what it asked for, so the request is closed as approved
            // and the consumer is told (again) how to accept, unless it has accepted already: then nothing is sent.
            // Nothing is added, so nothing needs undoing.
            var accepted = alreadyMember && await HasAcceptedAsync(request.ImageId, memberId, cancellationToken);
            var now = clock.GetUtcNow();
            request.Status = AccessRequestStatus.Approved;
            request.DecidedAt = now;
            request.DecidedByUserId = who.UserId;
            request.DecidedByName = who.UserName;
            request.DecisionNote = alreadyMember ? AccessRequest.AlreadyMemberNote : null;
            if (!alreadyMember)
            {
                db.AuditEvents.Add(audit.Create(who, AuditActions.MemberAdd, request.ImageId, who.ProjectId, request.RequesterProjectId, AuditOutcome.Succeeded,
                    "Added through an approved access request; pending until the consumer accepts."));
            }

            db.AuditEvents.Add(audit.Create(who, AuditActions.RequestApprove, request.ImageId, who.ProjectId, request.RequesterProjectId, AuditOutcome.Succeeded,
                accepted ? "Approved; the project had already accepted the image, so nothing was sent."
                : alreadyMember ? "Approved; the project was already a member." : "Approved; consumer emailed."));
            var names = await directory.NamesAsync([memberId], cancellationToken);
            var share = new ShareFacts(request.ImageId, request.ImageName, new ProjectLabel(who.ProjectId, who.ProjectName), names[memberId], who.UserName);
            var notice = accepted ? null : await notices.QueueSharedAsync(db, share, [request.RequesterEmail], cancellationToken);
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
                    ? new DecisionResult(DecisionOutcome.AlreadyDecided, localizer["Requests.DecidedMeanwhile"])
                    : new DecisionResult(DecisionOutcome.Unavailable, localizer["Requests.ApprovalNotRecorded"]);
            }

            if (notice is not null)
            {
                await notices.PublishAsync(notice with
                {
                    Live = new LiveNotice($"{who.ProjectName} approved your request for {request.ImageName}: it is in your inbox.", "/inbox", request.ImageId)
                    {
                        Key = "Notices.RequestApproved",
                        Args = [who.ProjectName, request.ImageName],
                    },
                });
            }

            var member = names[memberId].IsKnown ? ProjectPhrase(names[memberId]) : Capitalised(ProjectPhrase(names[memberId])); // a name is written as it is
            return accepted ? new DecisionResult(DecisionOutcome.AlreadyMember, localizer["Requests.AlreadyAccepted", member, request.ImageName])
                : alreadyMember ? new DecisionResult(DecisionOutcome.AlreadyMember, localizer["Requests.AlreadyMember", member, request.ImageName])
                : new DecisionResult(DecisionOutcome.Approved, localizer["Requests.Approved", ProjectPhrase(names[memberId]), request.ImageName]);
        }, message => new DecisionResult(DecisionOutcome.Refused, message), cancellationToken);

    public async Task<DecisionResult> DeclineAsync(Guid requestId, string? reason, CancellationToken cancellationToken = default)
    {
        var (cleanReason, invalid) = AccessRequestValidation.ValidateText(reason, AccessRequestRules.ReasonMaxLength, "reason", localizer);
        if (invalid is not null)
        {
            return new DecisionResult(DecisionOutcome.Invalid, invalid);
        }

        return await identity.AsSignedInAsync<DecisionResult>(who => DeclineAsync(who, requestId, cleanReason, cancellationToken),
            message => new DecisionResult(DecisionOutcome.Refused, message), cancellationToken);
    }

    private async Task<DecisionResult> DeclineAsync(PortalIdentity who, Guid requestId, string? cleanReason, CancellationToken cancellationToken)
    {
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var (request, undecidable) = await OpenRequestAsync(db, requestId, r => r.OwnerProjectId == who.ProjectId, "Requests.NotFound", cancellationToken);
        if (request is null)
        {
            return undecidable!;
        }

        var now = clock.GetUtcNow();
        request.Status = AccessRequestStatus.Declined;
        request.DecidedAt = now;
        request.DecidedByUserId = who.UserId;
        request.DecidedByName = who.UserName;
        request.DeclineReason = string.IsNullOrEmpty(cleanReason) ? null : cleanReason;
        db.AuditEvents.Add(audit.Create(who, AuditActions.RequestDecline, request.ImageId, who.ProjectId, request.RequesterProjectId, AuditOutcome.Succeeded,
            request.DeclineReason is null ? "Declined without a reason." : "Declined with a reason."));
        var language = request.Language ?? await MailLanguage.ForAsync(db, request.RequesterEmail, CancellationToken.None);
        db.Outbox.Add(MailLanguage.Compose(language, () => EmailTemplates.RequestDeclined(request, who.ProjectName, PortalUrl)).ToOutbox(who.ProjectId, now));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DecisionResult(DecisionOutcome.AlreadyDecided, localizer["Requests.DecidedMeanwhile"]);
        }

        outbox.Notify();
        await live.PublishAsync(request.RequesterProjectId, new LiveNotice($"Your request for {request.ImageName} was declined.", "/my-requests", request.ImageId)
        {
            Key = "Notices.RequestDeclined",
            Args = [request.ImageName],
        });
        return new DecisionResult(DecisionOutcome.Declined, localizer["Requests.Declined", request.RequesterProjectId]);
    }

    public Task<DecisionResult> WithdrawAsync(Guid requestId, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<DecisionResult>(async who =>
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            var (request, undecidable) = await OpenRequestAsync(db, requestId, r => r.RequesterProjectId.ToLower() == who.ProjectId.ToLower(), "Requests.NotFoundMine", cancellationToken);
            if (request is null)
            {
                return undecidable!;
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
                return new DecisionResult(DecisionOutcome.AlreadyDecided, localizer["Requests.ProducerDecidedMeanwhile"]);
            }

            return new DecisionResult(DecisionOutcome.Withdrawn, localizer["Requests.Withdrew", request.ImageName]);
        }, message => new DecisionResult(DecisionOutcome.Refused, message), cancellationToken);

    /// <summary>The image must still exist, belong to the session's project and be shared; null when it does.</summary>
    private async Task<DecisionResult?> CheckImageAsync(AccessRequest request, PortalIdentity who, CancellationToken cancellationToken)
    {
        var image = await images.GetImageAsync(request.ImageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return image.Error.Kind switch
            {
                ImagesErrorKind.NotFound => Gone(request),
                ImagesErrorKind.Unavailable => new DecisionResult(DecisionOutcome.Unavailable, localizer["Requests.UnavailableStaysOpen", ErrorText.For(localizer, image.Error)]),
                _ => new DecisionResult(DecisionOutcome.Refused, localizer["Requests.StaysOpen", ErrorText.For(localizer, image.Error)]),
            };
        }

        if (image.Value.Owner != who.ProjectId)
        {
            return new DecisionResult(DecisionOutcome.Refused, localizer["Requests.NotOwner"]);
        }

        return image.Value.Visibility == Visibilities.Shared
            ? null
            : new DecisionResult(DecisionOutcome.Refused, localizer["Requests.NotShared", request.ImageName, image.Value.Visibility]);
    }

    private DecisionResult Gone(AccessRequest request) => new(DecisionOutcome.Refused, localizer["Requests.ImageGone", request.ImageName, request.ImageId]);

    /// <summary>
    /// The request <paramref name="requestId"/> if <paramref name="whose"/> (the acting project's side of it) holds and it
    /// is still open; else no request and the answer: not found, or already decided.
    /// </summary>
    private async Task<(AccessRequest? Request, DecisionResult? Undecidable)> OpenRequestAsync(PortalDbContext db, Guid requestId,
        System.Linq.Expressions.Expression<Func<AccessRequest, bool>> whose, string notFoundKey, CancellationToken cancellationToken)
    {
        var request = await db.AccessRequests.Where(r => r.Id == requestId).Where(whose).FirstOrDefaultAsync(cancellationToken);
        return request is null ? (null, new DecisionResult(DecisionOutcome.NotFound, localizer[notFoundKey]))
            : request.Status != AccessRequestStatus.Open ? (null, AlreadyDecided(request))
            : (request, null);
    }

    private DecisionResult AlreadyDecided(AccessRequest request) => new(DecisionOutcome.AlreadyDecided, localizer["Requests.AlreadyDecided", StatusWord(request.Status)]);

    /// <summary>The status as the chips write it: "approved", "declined"…</summary>
    private string StatusWord(AccessRequestStatus status) => status switch
    {
        AccessRequestStatus.Approved => localizer["Requests.StatusApproved"],
        AccessRequestStatus.Declined => localizer["Requests.StatusDeclined"],
        AccessRequestStatus.Withdrawn => localizer["Requests.StatusWithdrawn"],
        _ => localizer["Requests.StatusOpen"],
    };

    /// <summary>For sentences: "orbital-images (3f1c…)" when the project is known, "project 3f1c…" otherwise (<see cref="ProjectLabel.Phrase"/>).</summary>
    private string ProjectPhrase(ProjectLabel project) => project.IsKnown ? project.Text : localizer["Requests.ProjectPhrase", project.Id];

    /// <summary>Whether <paramref name="memberId"/> has accepted <paramref name="imageId"/> (false when the member cannot be read).</summary>
    private async Task<bool> HasAcceptedAsync(string imageId, string memberId, CancellationToken cancellationToken) =>
        await images.GetMemberAsync(imageId, memberId, cancellationToken) is { IsSuccess: true } member && member.Value.Status == MemberStatuses.Accepted;

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private Task RefuseAsync(PortalIdentity who, AccessRequest request, DecisionResult refusal, CancellationToken cancellationToken) =>
        audit.RecordAsync(who, AuditActions.RequestApprove, request.ImageId, who.ProjectId, request.RequesterProjectId,
            refusal.Outcome == DecisionOutcome.Unavailable ? AuditOutcome.Failed : AuditOutcome.Refused, refusal.Message, cancellationToken);
}
#pragma warning restore CA1862
