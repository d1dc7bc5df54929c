using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.MyImages;

/// <summary>
/// Adding members: one typed project or a pasted list, each with its own outcome. The acting project is the session's
/// and must own the image; the member list is read live, so duplicates are caught whatever their case. Outcomes are in
/// the producer's words; history keeps them in English.
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
    TimeProvider clock,
    IStringLocalizer<Strings> localizer)
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
        if (options.NotifyEmail is { Length: > 0 } extra && Shared.EmailAddresses.Inspect(extra).Refusal is { } badEmail)
        {
            var said = ErrorText.For(localizer, badEmail);
            return [.. inputs.Select(i => new BulkShareRow(i, new AddMemberResult(AddMemberOutcome.Invalid, said)))];
        }

        if (options.EndsAt is { } endsAt && (service.Unavailable ?? Shares.ShareSchedule.Check(endsAt, clock.GetUtcNow(), sharesOptions.Value, localizer)?.Shown) is { } badEnd)
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
            return (new AddMemberResult(AddMemberOutcome.Refused, ErrorText.For(localizer, ImagesError.NotSignedIn)), null);
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return (new AddMemberResult(AddMemberOutcome.Refused, ErrorText.For(localizer, image.Error)), null);
        }

        if (image.Value.Owner != who.ProjectId)
        {
            var notOwner = Words.Say(localizer, "MyImages.OnlyOwnerShare");
            await audit.RecordAsync(who, AuditActions.MemberAdd, imageId, image.Value.Owner, Subject(inputs), AuditOutcome.Refused, notOwner.Recorded, cancellationToken);
            return (new AddMemberResult(AddMemberOutcome.Refused, notOwner.Shown), null);
        }

        (AddMemberOutcome Outcome, string Key)? notShared = image.Value.Visibility switch
        {
            Visibilities.Private => (AddMemberOutcome.NeedsShared, "MyImages.AddPrivate"),
            Visibilities.Public => (AddMemberOutcome.NotApplicable, "MyImages.AddPublic"),
            Visibilities.Community => (AddMemberOutcome.NotApplicable, "MyImages.AddCommunity"),
            _ => null,
        };
        if (notShared is { } why)
        {
            var said = Words.Say(localizer, why.Key);
            await audit.RecordAsync(who, AuditActions.MemberAdd, imageId, who.ProjectId, Subject(inputs), AuditOutcome.Refused, said.Recorded, cancellationToken);
            return (new AddMemberResult(why.Outcome, said.Shown), null);
        }

        // The members as they are now (not the cache): duplicates are caught here, whatever case they were typed in.
        var members = await images.ListMembersAsync(imageId, cancellationToken);
        if (!members.IsSuccess)
        {
            return (new AddMemberResult(AddMemberOutcome.Refused, ErrorText.For(localizer, members.Error)), null);
        }

        return (null, (who, image.Value, [.. members.Value]));
    }

    private static string? Subject(IReadOnlyList<string> inputs) =>
        inputs.Count == 1 ? Truncate(ProjectIdPolicy.Normalise(inputs[0]), 64) : null;

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private async Task<AddMemberResult> AddOneAsync(PortalIdentity who, GlanceImage image, List<GlanceMember> members, string? input, ShareOptions options, CancellationToken cancellationToken)
    {
        // Every refused attempt is in the image's history, as the ones the Images API refuses are.
        async Task<AddMemberResult> RefusedAsync(AddMemberResult refusal, string detail)
        {
            await audit.RecordAsync(who, AuditActions.MemberAdd, image.Id, who.ProjectId, refusal.ProjectId, AuditOutcome.Refused, detail, cancellationToken);
            return refusal;
        }

        // The outcome in the producer's words, the same sentence in English for history.
        async Task<AddMemberResult> RefuseAsync(AddMemberOutcome outcome, string? projectId, ProjectLabel? suggestion, string key, params object[] args)
        {
            var said = Words.Say(localizer, key, args);
            return await RefusedAsync(new AddMemberResult(outcome, said.Shown, projectId, suggestion), said.Recorded);
        }

        var (projectId, invalid) = policy.Inspect(input);
        if (projectId is null)
        {
            // A project name typed where the ID belongs: offer the ID of the project the portal knows by that name.
            var named = await directory.FindByNameAsync(input, cancellationToken);
            if (named.Count == 1 && !ProjectIdPolicy.Same(named[0].Id, who.ProjectId))
            {
                var known = named[0];
                if (members.FirstOrDefault(m => ProjectIdPolicy.Same(m.MemberId, known.Id)) is { } member)
                {
                    return await RefuseAsync(AddMemberOutcome.AlreadyMember, known.Id, null, "MyImages.NameIsMember",
                        input!.Trim(), known.Id, Words.Status(member.Status));
                }

                return await RefuseAsync(AddMemberOutcome.NameMatch, null, new ProjectLabel(known.Id, known.Name, known.DomainName), "MyImages.NameMatch",
                    input!.Trim(), known.Name, known.Id);
            }

            // What was typed is not an ID: history says so without repeating it (it may be anything).
            return await RefusedAsync(new AddMemberResult(AddMemberOutcome.Invalid, ErrorText.For(localizer, invalid!)), "What was typed is not a project ID; nothing was shared.");
        }

        if (ProjectIdPolicy.Same(projectId, who.ProjectId))
        {
            return await RefuseAsync(AddMemberOutcome.Invalid, projectId, null, "MyImages.OwnProject");
        }

        var names = await directory.NamesAsync([projectId, who.ProjectId], cancellationToken);
        var consumer = names[projectId];
        if (members.FirstOrDefault(m => ProjectIdPolicy.Same(m.MemberId, projectId)) is { } existing)
        {
            return await RefuseAsync(AddMemberOutcome.AlreadyMember, projectId, null, "MyImages.AlreadyMemberStatus", Words.Status(existing.Status), Words.Phrase(consumer));
        }

        var quota = portalOptions.Value.MemberQuota;
        if (members.Count >= quota)
        {
            return await RefuseAsync(AddMemberOutcome.QuotaReached, projectId, null, QuotaFull, quota);
        }

        if (!consumer.IsKnown && !options.ConfirmUnseen)
        {
            return new AddMemberResult(AddMemberOutcome.NeedsConfirmation, localizer["MyImages.NeverSeen", projectId], projectId);
        }

        var added = await images.AddMemberAsync(image.Id, projectId, cancellationToken);
        if (!added.IsSuccess)
        {
            var (outcome, message) = added.Error.Kind switch
            {
                ImagesErrorKind.Conflict => (AddMemberOutcome.AlreadyMember, Words.Say(localizer, "MyImages.AlreadyMember", Words.Phrase(consumer))),
                ImagesErrorKind.QuotaExceeded => (AddMemberOutcome.QuotaReached, Words.Say(localizer, QuotaFull, quota)),
                _ => (AddMemberOutcome.Refused, new Said(ErrorText.For(localizer, added.Error), added.Error.Message)),
            };
            await audit.RecordAsync(who, AuditActions.MemberAdd, image.Id, who.ProjectId, projectId,
                added.Error.Kind == ImagesErrorKind.Unavailable ? AuditOutcome.Failed : AuditOutcome.Refused, message.Recorded, cancellationToken);
            return new AddMemberResult(outcome, message.Shown, projectId);
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

        var mailed = notice.MailedTo.Count == 0 ? localizer["MyImages.NobodyMailed"].Value : localizer["MyImages.Mailed", string.Join(", ", notice.MailedTo)].Value;
        return consumer.IsKnown
            ? new AddMemberResult(AddMemberOutcome.Added, localizer["MyImages.Added", Words.Phrase(consumer), mailed], projectId, MailedTo: notice.MailedTo)
            : new AddMemberResult(AddMemberOutcome.AddedUnseen, localizer["MyImages.AddedUnseen", projectId, mailed], projectId, MailedTo: notice.MailedTo);
    }

    private const string QuotaFull = "MyImages.QuotaFull";
}
