using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using Microsoft.Extensions.Caching.Memory;
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

public sealed record MyImageRow(GlanceImage Image, MemberCounts? Members);

public sealed record MyImagesSlice(IReadOnlyList<MyImageRow> Rows, string? NextMarker);

public sealed record ImageDetail(GlanceImage Image, IReadOnlyList<GlanceMember> Members, bool IsOwner)
{
    public const int MemberQuota = 128;

    public bool MembersApply => Image.Visibility == Visibilities.Shared;

    public int MembersLeft => Math.Max(0, MemberQuota - Members.Count);
}

/// <summary>What happened to an add-member attempt, in the producer's words.</summary>
public enum AddMemberOutcome
{
    Added,
    Invalid,
    NeedsShared,
    NotApplicable,
    Refused,
}

public sealed record AddMemberResult(AddMemberOutcome Outcome, string Message, GlanceMember? Member = null, string? Warning = null);

/// <summary>
/// The producer's view of the Images API: own images, their members, add/remove. The acting project is the
/// session's; ownership is checked here as well as by the API, and there is deliberately no way to set a member's status.
/// </summary>
public sealed class MyImagesService(IImagesClient images, ICurrentIdentity identity, IMemoryCache cache, IOptions<ImagesApiOptions> apiOptions, IOptions<PortalOptions> portalOptions)
{
    public const int DefaultPageSize = 20;

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
                return new MyImageRow(image, null);
            }

            await gate.WaitAsync(cancellationToken);
            try
            {
                var members = await GetMembersCachedAsync(who.ProjectId, image.Id, cancellationToken);
                return new MyImageRow(image, members.IsSuccess ? MemberCounts.Of(members.Value) : null);
            }
            finally
            {
                gate.Release();
            }
        }));
        return ImagesResult<MyImagesSlice>.Success(new MyImagesSlice(rows, nextMarker));
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
            return ImagesResult<ImageDetail>.Success(new ImageDetail(image.Value, [], isOwner));
        }

        Invalidate(who.ProjectId, imageId);
        var members = await GetMembersCachedAsync(who.ProjectId, imageId, cancellationToken);
        return members.IsSuccess
            ? ImagesResult<ImageDetail>.Success(new ImageDetail(image.Value, members.Value, isOwner))
            : members.Error;
    }

    public async Task<AddMemberResult> AddMemberAsync(string imageId, string? projectIdInput, CancellationToken cancellationToken = default)
    {
        var (projectId, invalid) = ProjectIdRules.Normalise(projectIdInput);
        if (projectId is null)
        {
            return new AddMemberResult(AddMemberOutcome.Invalid, invalid!);
        }

        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return new AddMemberResult(AddMemberOutcome.Refused, ImagesError.NotSignedIn.Message);
        }

        if (projectId == who.ProjectId)
        {
            return new AddMemberResult(AddMemberOutcome.Invalid, "That is your own project: it already owns this image.");
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return new AddMemberResult(AddMemberOutcome.Refused, image.Error.Message);
        }

        if (image.Value.Owner != who.ProjectId)
        {
            return new AddMemberResult(AddMemberOutcome.Refused, "Only the project that owns this image can share it.");
        }

        switch (image.Value.Visibility)
        {
            case Visibilities.Private:
                return new AddMemberResult(AddMemberOutcome.NeedsShared,
                    "This image is private: members can only be added to shared images. Switch it to shared?");
            case Visibilities.Public:
                return new AddMemberResult(AddMemberOutcome.NotApplicable,
                    "This image is public: every project can already see and boot it, so members do not apply.");
            case Visibilities.Community:
                return new AddMemberResult(AddMemberOutcome.NotApplicable,
                    "This image is a community image: any project that knows its ID can boot it, so members do not apply.");
        }

        var added = await images.AddMemberAsync(imageId, projectId, cancellationToken);
        Invalidate(who.ProjectId, imageId);
        if (!added.IsSuccess)
        {
            var message = added.Error.Kind switch
            {
                ImagesErrorKind.Conflict => $"Project {projectId} is already a member of this image.",
                ImagesErrorKind.QuotaExceeded => $"This image already has the maximum number of members ({ImageDetail.MemberQuota}). Remove a member first.",
                _ => added.Error.Message,
            };
            return new AddMemberResult(AddMemberOutcome.Refused, message);
        }

        var warning = ProjectIdRules.LooksLikeKeystoneId(projectId)
            ? null
            : $"'{projectId}' does not look like a Keystone project ID (32 hexadecimal digits). If it is a typo, the share is dead: remove it and add the right ID.";
        return new AddMemberResult(AddMemberOutcome.Added, $"Shared with project {projectId}. It stays pending until they accept.", added.Value, warning);
    }

    public async Task<ImagesResult<GlanceImage>> SwitchToSharedAsync(string imageId, CancellationToken cancellationToken = default)
    {
        var owned = await OwnedImageAsync(imageId, "Only the project that owns this image can change its visibility.", cancellationToken);
        return owned.IsSuccess ? await images.SetVisibilityAsync(imageId, Visibilities.Shared, cancellationToken) : owned.Error;
    }

    public async Task<ImagesResult<bool>> RemoveMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var owned = await OwnedImageAsync(imageId, "Only the project that owns this image can remove its members.", cancellationToken);
        if (!owned.IsSuccess)
        {
            return owned.Error;
        }

        var removed = await images.RemoveMemberAsync(imageId, memberId, cancellationToken);
        Invalidate(owned.Value.ProjectId, imageId);
        return removed;
    }

    /// <summary>The session's identity when its project owns the image; otherwise the refusal in plain words.</summary>
    private async Task<ImagesResult<PortalIdentity>> OwnedImageAsync(string imageId, string refusal, CancellationToken cancellationToken)
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

        return image.Value.Owner == who.ProjectId
            ? ImagesResult<PortalIdentity>.Success(who)
            : new ImagesError(ImagesErrorKind.Forbidden, refusal);
    }

    private async Task<ImagesResult<IReadOnlyList<GlanceMember>>> GetMembersCachedAsync(string projectId, string imageId, CancellationToken cancellationToken)
    {
        var key = CacheKey(projectId, imageId);
        if (cache.TryGetValue<IReadOnlyList<GlanceMember>>(key, out var cached) && cached is not null)
        {
            return ImagesResult<IReadOnlyList<GlanceMember>>.Success(cached);
        }

        var members = await images.ListMembersAsync(imageId, cancellationToken);
        if (members.IsSuccess)
        {
            cache.Set(key, members.Value, portalOptions.Value.MembersCacheLifetime);
        }

        return members;
    }

    private void Invalidate(string projectId, string imageId) => cache.Remove(CacheKey(projectId, imageId));

    private static string CacheKey(string projectId, string imageId) => $"members:{projectId}:{imageId}";
}
