using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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

/// <summary>
/// The producer's view of the Images API: own images, their members, add/remove. The acting project is the
/// session's; ownership is checked here as well as by the API, and there is deliberately no way to set a member's status.
/// </summary>
public sealed class MyImagesService(
    IImagesClient images,
    ICurrentIdentity identity,
    Shared.MemberListCache memberLists,
    IOptions<ImagesApiOptions> apiOptions,
    IOptions<PortalOptions> portalOptions,
    AuditLog audit,
    ProjectIdPolicy policy,
    ProjectDirectory directory,
    ShareNotices notices,
    IDbContextFactory<PortalDbContext> store,
    IOptions<Shares.SharesOptions> sharesOptions,
    Shares.IServiceImagesCaller service,
    TimeProvider clock)
{
    public const int DefaultPageSize = 20;

    /// <summary>
    /// The page keeps its image for the life of the circuit and hands it from prerendering to the circuit: without the
    /// properties it never shows (each a <c>JsonElement</c> holding its own document).
    /// </summary>
    private static GlanceImage WithoutExtras(GlanceImage image)
    {
        image.Extra = null;
        return image;
    }

    public async Task<ImagesResult<MyImagesSlice>> ListAsync(string? marker, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        // One image more than shown tells whether a next page exists: Glance sends `next` whenever a page is full,
        // even when nothing follows.
        var size = Math.Clamp(pageSize, 1, 100);
        var page = await images.ListImagesAsync(new ImageListQuery
        {
            Owner = who.ProjectId,
            Visibility = "all",
            Limit = size + 1,
            Marker = marker,
            Sort = "name:asc",
        }, cancellationToken);
        if (!page.IsSuccess)
        {
            return page.Error;
        }

        var shown = page.Value.Images.Take(size).ToList();
        var nextMarker = page.Value.Images.Count > size ? shown[^1].Id : null;

        // One members call per shared row shown, a few at a time, each cached briefly.
        using var gate = new SemaphoreSlim(apiOptions.Value.MaxParallelCalls);
        var rows = await Task.WhenAll(shown.Select(async image =>
        {
            if (image.Visibility != Visibilities.Shared)
            {
                return MyImageRow.From(image, null);
            }

            await gate.WaitAsync(cancellationToken);
            try
            {
                var members = await GetMembersCachedAsync(who.ProjectId, image.Id, cancellationToken);
                return MyImageRow.From(image, members.IsSuccess ? MemberCounts.Of(members.Value) : null);
            }
            finally
            {
                gate.Release();
            }
        }));
        return ImagesResult<MyImagesSlice>.Success(new MyImagesSlice(rows, nextMarker));
    }

    /// <summary>The members of one of the session's images, through the same short cache as the list (for the dashboard).</summary>
    public async Task<ImagesResult<IReadOnlyList<GlanceMember>>> MembersAsync(string imageId, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        return who is null ? ImagesError.NotSignedIn : await GetMembersCachedAsync(who.ProjectId, imageId, cancellationToken);
    }

    public async Task<ImagesResult<ImageDetail>> GetAsync(string imageId, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return image.Error;
        }

        var isOwner = image.Value.Owner == who.ProjectId;
        if (!isOwner || image.Value.Visibility != Visibilities.Shared)
        {
            var ownerName = await directory.NamesAsync([image.Value.Owner], cancellationToken);
            return ImagesResult<ImageDetail>.Success(new ImageDetail(WithoutExtras(image.Value), [], isOwner, portalOptions.Value.MemberQuota, ownerName));
        }

        await InvalidateAsync(who.ProjectId, imageId);
        var members = await GetMembersCachedAsync(who.ProjectId, imageId, cancellationToken);
        if (!members.IsSuccess)
        {
            return members.Error;
        }

        var names = await directory.NamesAsync(members.Value.Select(m => m.MemberId).Append(who.ProjectId), cancellationToken);
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var ends = await db.ShareTerms.AsNoTracking()
            .Where(t => t.ImageId == imageId && t.OwnerProjectId == who.ProjectId && t.EndState == ShareEndState.Scheduled && t.EndsAt != null)
            .ToDictionaryAsync(t => t.MemberId, t => t.EndsAt!.Value, StringComparer.Ordinal, cancellationToken);
        return ImagesResult<ImageDetail>.Success(new ImageDetail(WithoutExtras(image.Value), members.Value, isOwner, portalOptions.Value.MemberQuota, names) { Ends = ends });
    }

    /// <summary>Shares the image with one project (see <see cref="AddMembersAsync"/> for the rules).</summary>
    public async Task<AddMemberResult> AddMemberAsync(string imageId, string? projectIdInput, ShareOptions? options = null, CancellationToken cancellationToken = default)
    {
        var rows = await AddMembersAsync(imageId, [projectIdInput ?? ""], options, null, cancellationToken);
        return rows[0].Result;
    }

    /// <summary>
    /// Shares the image with each typed project, one after the other, each with its own outcome. IDs are normalised;
    /// a name where an ID belongs is refused (offering the known project's ID); an ID the portal has never seen needs
    /// <see cref="ShareOptions.ConfirmUnseen"/>; a case-insensitive copy of a member is "already a member". Each share
    /// is recorded in history and announced to the consumer (mail + live notice) in the same SaveChanges.
    /// </summary>
    public async Task<IReadOnlyList<BulkShareRow>> AddMembersAsync(string imageId, IReadOnlyList<string> inputs, ShareOptions? options = null,
        Func<BulkShareRow, Task>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        options ??= new ShareOptions();
        if (options.NotifyEmail is { Length: > 0 } extra && Requests.AccessRequestValidation.ValidateEmail(extra).Error is { } badEmail)
        {
            return [.. inputs.Select(i => new BulkShareRow(i, new AddMemberResult(AddMemberOutcome.Invalid, badEmail)))];
        }

        if (options.EndsAt is { } endsAt && (service.Unavailable ?? Shares.ShareSchedule.Check(endsAt, clock.GetUtcNow(), sharesOptions.Value)) is { } badEnd)
        {
            return [.. inputs.Select(i => new BulkShareRow(i, new AddMemberResult(AddMemberOutcome.InvalidEnd, badEnd)))];
        }

        var preflight = await PrepareShareAsync(imageId, inputs, cancellationToken);
        if (preflight.Refusal is { } refusal)
        {
            return [.. inputs.Select(i => new BulkShareRow(i, refusal))];
        }

        var (who, image, members) = preflight.Ready!.Value;
        var rows = new List<BulkShareRow>(inputs.Count);
        foreach (var input in inputs)
        {
            var row = new BulkShareRow(input, await AddOneAsync(who, image, members, input, options, cancellationToken));
            rows.Add(row);
            if (progress is not null)
            {
                await progress(row);
            }
        }

        await InvalidateAsync(who.ProjectId, imageId);
        return rows;
    }

    /// <summary>Splits pasted text into candidate IDs: one per line, comma, semicolon or space; repeats (ignoring case) dropped.</summary>
    public static IReadOnlyList<string> SplitList(string? text) =>
        [.. (text ?? "").Split(['\n', '\r', ',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .DistinctBy(ProjectIdPolicy.Normalise, StringComparer.Ordinal)];

    private async Task<(AddMemberResult? Refusal, (PortalIdentity Who, GlanceImage Image, List<GlanceMember> Members)? Ready)> PrepareShareAsync(
        string imageId, IReadOnlyList<string> inputs, CancellationToken cancellationToken)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return (new AddMemberResult(AddMemberOutcome.Refused, ImagesError.NotSignedIn.Message), null);
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return (new AddMemberResult(AddMemberOutcome.Refused, image.Error.Message), null);
        }

        if (image.Value.Owner != who.ProjectId)
        {
            const string notOwner = "Only the project that owns this image can share it.";
            await audit.RecordAsync(who, AuditActions.MemberAdd, imageId, image.Value.Owner, Subject(inputs), AuditOutcome.Refused, notOwner, cancellationToken);
            return (new AddMemberResult(AddMemberOutcome.Refused, notOwner), null);
        }

        AddMemberResult? notShared = image.Value.Visibility switch
        {
            Visibilities.Private => new AddMemberResult(AddMemberOutcome.NeedsShared,
                "This image is private: members can only be added to shared images. Switch it to shared?"),
            Visibilities.Public => new AddMemberResult(AddMemberOutcome.NotApplicable,
                "This image is public: every project can already see and boot it, so members do not apply."),
            Visibilities.Community => new AddMemberResult(AddMemberOutcome.NotApplicable,
                "This image is a community image: any project that knows its ID can boot it, so members do not apply."),
            _ => null,
        };
        if (notShared is not null)
        {
            await audit.RecordAsync(who, AuditActions.MemberAdd, imageId, who.ProjectId, Subject(inputs), AuditOutcome.Refused, notShared.Message, cancellationToken);
            return (notShared, null);
        }

        // The members as they are now (not the cache): duplicates are caught here, whatever case they were typed in.
        var members = await images.ListMembersAsync(imageId, cancellationToken);
        if (!members.IsSuccess)
        {
            return (new AddMemberResult(AddMemberOutcome.Refused, members.Error.Message), null);
        }

        return (null, (who, image.Value, [.. members.Value]));
    }

    private static string? Subject(IReadOnlyList<string> inputs) =>
        inputs.Count == 1 ? Truncate(ProjectIdPolicy.Normalise(inputs[0]), 64) : null;

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private async Task<AddMemberResult> AddOneAsync(PortalIdentity who, GlanceImage image, List<GlanceMember> members, string? input, ShareOptions options, CancellationToken cancellationToken)
    {
        var (projectId, invalid) = policy.Check(input);
        if (projectId is null)
        {
            // A project name typed where the ID belongs: offer the ID of the project the portal knows by that name.
            var named = await directory.FindByNameAsync(input, cancellationToken);
            if (named.Count == 1 && !ProjectIdPolicy.Same(named[0].Id, who.ProjectId))
            {
                var known = named[0];
                if (members.FirstOrDefault(m => ProjectIdPolicy.Same(m.MemberId, known.Id)) is { } member)
                {
                    return new AddMemberResult(AddMemberOutcome.AlreadyMember,
                        $"'{input!.Trim()}' is a project name, not an ID; that project ({known.Id}) is already a member ({member.Status}). Nothing was changed.", known.Id);
                }

                return new AddMemberResult(AddMemberOutcome.NameMatch,
                    $"'{input!.Trim()}' is a project name, not an ID. Did you mean {known.Name}, whose ID is {known.Id}?",
                    Suggestion: new ProjectLabel(known.Id, known.Name, known.DomainName));
            }

            return new AddMemberResult(AddMemberOutcome.Invalid, invalid!);
        }

        if (ProjectIdPolicy.Same(projectId, who.ProjectId))
        {
            return new AddMemberResult(AddMemberOutcome.Invalid, "That is your own project: it already owns this image.", projectId);
        }

        var names = await directory.NamesAsync([projectId, who.ProjectId], cancellationToken);
        var consumer = names[projectId];
        if (members.FirstOrDefault(m => ProjectIdPolicy.Same(m.MemberId, projectId)) is { } existing)
        {
            var already = $"Already a member ({existing.Status}): {consumer.Phrase}. Nothing was changed.";
            await audit.RecordAsync(who, AuditActions.MemberAdd, image.Id, who.ProjectId, projectId, AuditOutcome.Refused, already, cancellationToken);
            return new AddMemberResult(AddMemberOutcome.AlreadyMember, already, projectId);
        }

        var quota = portalOptions.Value.MemberQuota;
        if (members.Count >= quota)
        {
            var full = QuotaMessage(quota);
            await audit.RecordAsync(who, AuditActions.MemberAdd, image.Id, who.ProjectId, projectId, AuditOutcome.Refused, full, cancellationToken);
            return new AddMemberResult(AddMemberOutcome.QuotaReached, full, projectId);
        }

        if (!consumer.IsKnown && !options.ConfirmUnseen)
        {
            return new AddMemberResult(AddMemberOutcome.NeedsConfirmation,
                $"The portal has never seen project {projectId}: nobody from that project has signed in to the portal. If the ID is wrong, the Images API " +
                "still creates the share, and nobody can ever accept it. Check the ID with the consumer, or share anyway.", projectId);
        }

        var added = await images.AddMemberAsync(image.Id, projectId, cancellationToken);
        if (!added.IsSuccess)
        {
            var (outcome, message) = added.Error.Kind switch
            {
                ImagesErrorKind.Conflict => (AddMemberOutcome.AlreadyMember, $"Already a member: {consumer.Phrase}. Nothing was changed."),
                ImagesErrorKind.QuotaExceeded => (AddMemberOutcome.QuotaReached, QuotaMessage(quota)),
                _ => (AddMemberOutcome.Refused, added.Error.Message),
            };
            await audit.RecordAsync(who, AuditActions.MemberAdd, image.Id, who.ProjectId, projectId,
                added.Error.Kind == ImagesErrorKind.Unavailable ? AuditOutcome.Failed : AuditOutcome.Refused, message, cancellationToken);
            return new AddMemberResult(outcome, message, projectId);
        }

        members.Add(added.Value);
        var share = new ShareFacts(image.Id, image.Name ?? image.Id, names[who.ProjectId] with { Name = names[who.ProjectId].Name ?? who.ProjectName }, consumer, who.UserName)
        {
            EndsAt = options.EndsAt,
        };
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var notice = await notices.QueueSharedAsync(db, share, [options.NotifyEmail], cancellationToken);
        var now = clock.GetUtcNow();
        var term = await Shares.ShareTerms.GetOrAddAsync(db, image.Id, share.ImageName, who.ProjectId, projectId, now, cancellationToken);
        Shares.ShareTerms.Added(term, options.EndsAt, added.Value.CreatedAt, who.UserName, now, sharesOptions.Value);
        var ends = options.EndsAt is { } endsAt ? $" Ends {Components.Shared.Format.DateTime(endsAt)}." : "";
        var told = notice.MailedTo.Count == 0 ? "Nobody could be mailed: the portal knows no address of that project." : $"Mailed {string.Join(", ", notice.MailedTo)}.";
        db.AuditEvents.Add(audit.Create(who, AuditActions.MemberAdd, image.Id, who.ProjectId, projectId, AuditOutcome.Succeeded,
            (consumer.IsKnown ? "Added on the image page" : "Added on the image page with an ID the portal had never seen (the producer confirmed it)") +
            $"; pending until the consumer accepts.{ends} {told}"));
        await db.SaveChangesAsync(CancellationToken.None);
        await notices.PublishAsync(notice);

        var mailed = notice.MailedTo.Count == 0
            ? " The portal knows no address of that project, so nobody was mailed: send them the image ID yourself."
            : $" They were told by mail ({string.Join(", ", notice.MailedTo)}).";
        return consumer.IsKnown
            ? new AddMemberResult(AddMemberOutcome.Added, $"Shared with {consumer.Phrase}. It stays pending until they accept.{mailed}", projectId, MailedTo: notice.MailedTo)
            : new AddMemberResult(AddMemberOutcome.AddedUnseen,
                $"Shared with project {projectId}, an ID the portal has never seen. If nobody accepts it, check the ID and remove the share.{mailed}", projectId, MailedTo: notice.MailedTo);
    }

    private static string QuotaMessage(int quota) => $"This image already has the maximum number of members ({quota}). Remove a member first.";

    public async Task<ImagesResult<GlanceImage>> SwitchToSharedAsync(string imageId, CancellationToken cancellationToken = default)
    {
        var owned = await OwnedImageAsync(imageId, AuditActions.VisibilityShared, null,
            "Only the project that owns this image can change its visibility.", cancellationToken);
        if (!owned.IsSuccess)
        {
            return owned.Error;
        }

        var (who, image) = owned.Value;
        var switched = await images.SetVisibilityAsync(imageId, Visibilities.Shared, cancellationToken);
        await audit.RecordAsync(who, AuditActions.VisibilityShared, imageId, who.ProjectId, null,
            switched.IsSuccess ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            switched.IsSuccess ? $"Visibility {image.Visibility} → shared." : switched.Error.Message, cancellationToken);
        return switched;
    }

    /// <summary>Removes a member; the consumer is told by mail and live notice, in the same SaveChanges as the history event.</summary>
    public async Task<ImagesResult<IReadOnlyList<string>>> RemoveMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var owned = await OwnedImageAsync(imageId, AuditActions.MemberRemove, memberId,
            "Only the project that owns this image can remove its members.", cancellationToken);
        if (!owned.IsSuccess)
        {
            return owned.Error;
        }

        var (who, image) = owned.Value;
        var removed = await images.RemoveMemberAsync(imageId, memberId, cancellationToken);
        await InvalidateAsync(who.ProjectId, imageId);
        if (!removed.IsSuccess)
        {
            await audit.RecordAsync(who, AuditActions.MemberRemove, imageId, who.ProjectId, memberId, AuditOutcome.Refused, removed.Error.Message, cancellationToken);
            return removed.Error;
        }

        var names = await directory.NamesAsync([memberId, who.ProjectId], cancellationToken);
        var share = new ShareFacts(image.Id, image.Name ?? image.Id, names[who.ProjectId] with { Name = names[who.ProjectId].Name ?? who.ProjectName }, names[memberId], who.UserName);
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var notice = await notices.QueueRemovedAsync(db, share, cancellationToken);
        var normalised = ProjectIdPolicy.Normalise(memberId);
        if (await db.ShareTerms.SingleOrDefaultAsync(t => t.ImageId == imageId && t.MemberId == normalised, cancellationToken) is { EndState: ShareEndState.Scheduled } scheduled)
        {
            // Removed by hand before its end date: the schedule has nothing left to do.
            Shares.ShareTerms.Schedule(scheduled, null, null, who.UserName, clock.GetUtcNow(), sharesOptions.Value);
        }

        db.AuditEvents.Add(audit.Create(who, AuditActions.MemberRemove, imageId, who.ProjectId, memberId, AuditOutcome.Succeeded,
            "Removed on the image page." + (notice.MailedTo.Count == 0 ? "" : $" Mailed {string.Join(", ", notice.MailedTo)}.")));
        await db.SaveChangesAsync(CancellationToken.None);
        await notices.PublishAsync(notice);
        return ImagesResult<IReadOnlyList<string>>.Success(notice.MailedTo);
    }

    /// <summary>
    /// The session's identity and the image when its project owns the image; otherwise the refusal in plain
    /// words, recorded in history as a refused <paramref name="action"/>.
    /// </summary>
    private async Task<ImagesResult<(PortalIdentity Who, GlanceImage Image)>> OwnedImageAsync(
        string imageId, string action, string? memberId, string refusal, CancellationToken cancellationToken)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return image.Error;
        }

        if (image.Value.Owner != who.ProjectId)
        {
            await audit.RecordAsync(who, action, imageId, image.Value.Owner, memberId, AuditOutcome.Refused, refusal, cancellationToken);
            return new ImagesError(ImagesErrorKind.Forbidden, refusal);
        }

        return ImagesResult<(PortalIdentity, GlanceImage)>.Success((who, image.Value));
    }

    private Task<ImagesResult<IReadOnlyList<GlanceMember>>> GetMembersCachedAsync(string projectId, string imageId, CancellationToken cancellationToken) =>
        memberLists.GetAsync(images, projectId, imageId, cancellationToken);

    private ValueTask InvalidateAsync(string projectId, string imageId) => memberLists.InvalidateAsync(projectId, imageId);
}
