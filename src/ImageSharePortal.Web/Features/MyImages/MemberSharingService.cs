using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Web.Features.MyImages;

/// <summary>
/// Adding members: one typed project or a pasted list, each with its own outcome. The acting project is the session's
/// and must own the image; the member list is read live, so duplicates are caught whatever their case.
/// </summary>
public sealed class MemberSharingService(
    IImagesClient images,
    ICurrentIdentity identity,
    IOptions<PortalOptions> portalOptions,
    AuditLog audit,
    ProjectIdPolicy policy,
    ProjectDirectory directory,
    ShareNotices notices,
    IDbContextFactory<PortalDbContext> store,
    IOptions<Shares.SharesOptions> sharesOptions,
    Shares.IServiceImagesCaller service,
    Shared.MemberListCache memberLists,
    TimeProvider clock)
{
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
        if (options.NotifyEmail is { Length: > 0 } extra && Shared.EmailAddresses.Validate(extra).Error is { } badEmail)
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

        await memberLists.InvalidateAsync(who.ProjectId, imageId);
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
        // Every refused attempt is in the image's history, as the ones the Images API refuses are.
        async Task<AddMemberResult> RefusedAsync(AddMemberResult refusal, string? detail = null)
        {
            await audit.RecordAsync(who, AuditActions.MemberAdd, image.Id, who.ProjectId, refusal.ProjectId, AuditOutcome.Refused, detail ?? refusal.Message, cancellationToken);
            return refusal;
        }

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
                    return await RefusedAsync(new AddMemberResult(AddMemberOutcome.AlreadyMember,
                        $"'{input!.Trim()}' is a project name, not an ID; that project ({known.Id}) is already a member ({member.Status}). Nothing was changed.", known.Id));
                }

                return await RefusedAsync(new AddMemberResult(AddMemberOutcome.NameMatch,
                    $"'{input!.Trim()}' is a project name, not an ID. Did you mean {known.Name}, whose ID is {known.Id}?",
                    Suggestion: new ProjectLabel(known.Id, known.Name, known.DomainName)));
            }

            // What was typed is not an ID: history says so without repeating it (it may be anything).
            return await RefusedAsync(new AddMemberResult(AddMemberOutcome.Invalid, invalid!), "What was typed is not a project ID; nothing was shared.");
        }

        if (ProjectIdPolicy.Same(projectId, who.ProjectId))
        {
            return await RefusedAsync(new AddMemberResult(AddMemberOutcome.Invalid, "That is your own project: it already owns this image.", projectId));
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
}
