using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Requests;

/// <summary>
/// Access requests: visitors and consumers ask, producers approve (the member is added through the Images API)
/// or decline, consumers withdraw. Every decision, its notification and its history event are saved together in
/// one SaveChanges; the acting project is always the session's.
/// </summary>
#pragma warning disable CA1862 // ToLower() in queries is translated to SQL lower(): requests stored before IDs were normalised may carry upper case
public sealed class RequestsService(
    IDbContextFactory<PortalDbContext> store,
    ICurrentIdentity identity,
    AuditLog audit,
    ProjectContacts contacts,
    OutboxSignal outbox,
    LiveNotifier live,
    IOptions<EmailOptions> email,
    ProjectIdPolicy policy,
    ProjectDirectory directory,
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
{
    public const int DecidedShown = 50;

    private string PortalUrl => email.Value.PortalUrl;

    public async Task<SubmitResult> SubmitAsync(Guid listingId, AccessRequestForm form, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(form);
        var who = await identity.GetAsync(cancellationToken);

        // A signed-in consumer's project comes from the session, never from the form; its email too, when the session has one.
        var sessionEmail = who?.Email is { } e && AccessRequestValidation.ValidateEmail(e).Error is null ? e : null;
        var input = AccessRequestValidation.Validate(who?.ProjectId ?? form.ProjectId, sessionEmail ?? form.Email, form.Message, policy, localizer);
        if (!input.IsValid)
        {
            return new SubmitResult(SubmitOutcome.Invalid, input);
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var listing = await db.Listings.AsNoTracking().FirstOrDefaultAsync(l => l.Id == listingId && l.IsPublished, cancellationToken);
        if (listing is null)
        {
            return new SubmitResult(SubmitOutcome.ListingNotFound, input, Message: localizer["Requests.ListingGone"]);
        }

        if (ProjectIdPolicy.Same(input.ProjectId, listing.OwnerProjectId))
        {
            var errors = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [AccessRequestValidation.ProjectIdField] = localizer["Requests.OwnProject"],
            };
            return new SubmitResult(SubmitOutcome.Invalid, input with { Errors = errors });
        }

        var existing = await FindOpenAsync(db, listing.Id, input.ProjectId!, who is not null, input.Email!, cancellationToken);
        if (existing is not null)
        {
            return new SubmitResult(SubmitOutcome.AlreadyOpen, input, existing);
        }

        var now = clock.GetUtcNow();
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(),
            Language = Localization.PortalCultures.Current,
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
            var language = await MailLanguage.ForAsync(db, producerEmail, cancellationToken);
            db.Outbox.Add(MailLanguage.Compose(language, () => EmailTemplates.RequestReceived(request, producerEmail, listing.Title, PortalUrl)).ToOutbox(listing.OwnerProjectId, now));
        }

        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
            // The same project asked at the same moment: the unique index kept one open request. Show that one.
            await using var again = await store.CreateDbContextAsync(CancellationToken.None);
            var raced = await FindOpenAsync(again, listing.Id, input.ProjectId!, who is not null, input.Email!, CancellationToken.None);
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
        await live.PublishAsync(listing.OwnerProjectId, new LiveNotice($"New access request for {listing.Title} from {(requester.IsKnown ? requester.Text : "project " + requester.Id)}.", "/requests", listing.ImageId)
        {
            Key = requester.IsKnown ? "Notices.NewRequest" : "Notices.NewRequestFromProject",
            Args = [listing.Title, requester.IsKnown ? requester.Text : requester.Id],
        });
        return new SubmitResult(SubmitOutcome.Created, input, request);
    }

    /// <summary>The producer's queue: open requests for the session's project, oldest first, and recent decisions.</summary>
    public Task<ImagesResult<RequestsOverview>> GetQueueAsync(CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<RequestsOverview>(async who =>
        {
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
        }, cancellationToken);

    /// <summary>The session project's own requests, newest first.</summary>
    public Task<ImagesResult<MyRequests>> GetMineAsync(CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<MyRequests>(async who =>
        {
            return await StoreCall.RunAsync(async () =>
            {
                await using var db = await store.CreateDbContextAsync(cancellationToken);
                var mine = await db.AccessRequests.AsNoTracking().Where(r => r.RequesterProjectId.ToLower() == who.ProjectId.ToLower())
                    .OrderByDescending(r => r.CreatedAt).Take(200).ToListAsync(cancellationToken);
                return new MyRequests(mine, await directory.NamesAsync(mine.Select(r => r.OwnerProjectId), cancellationToken));
            });
        }, cancellationToken);

    /// <summary>
    /// The asker's own open request: for a signed-in project, its project's verified one; for a visitor, the one it typed
    /// with the same address. Never another's: an unverified request neither stands in for nor reveals another request.
    /// </summary>
    private static Task<AccessRequest?> FindOpenAsync(PortalDbContext db, Guid listingId, string projectId, bool verified, string email, CancellationToken cancellationToken)
    {
        var open = db.AccessRequests.AsNoTracking()
            .Where(r => r.ListingId == listingId && r.RequesterProjectId.ToLower() == projectId && r.Status == AccessRequestStatus.Open && r.IsVerified == verified);
        var address = email.ToLowerInvariant();
        return verified
            ? open.FirstOrDefaultAsync(cancellationToken)
            : open.FirstOrDefaultAsync(r => r.RequesterEmail.ToLower() == address, cancellationToken);
    }

}
#pragma warning restore CA1862
