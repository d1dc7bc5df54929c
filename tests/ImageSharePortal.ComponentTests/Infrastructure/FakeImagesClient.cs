using System.Text.Json;
using ImageSharePortal.Images;

namespace ImageSharePortal.ComponentTests.Infrastructure;

/// <summary>
/// An in-memory Images API for component tests: images and members with Glance's rules on who may do what,
/// a switch to fail every call, and a gate to hold calls open (to see loading states).
/// </summary>
public sealed class FakeImagesClient(Func<string?> currentProject) : IImagesClient
{
    private readonly object _lock = new();

    public List<GlanceImage> Images { get; } = [];
    public List<GlanceMember> Members { get; } = [];
    public ImagesError? FailWith { get; set; }
    public TaskCompletionSource? Gate { get; set; }
    public int Calls { get; private set; }
    public int MemberQuota { get; set; } = 128;

    /// <summary>POST member calls that reached the fake API (the portal's own checks should stop bad ones before).</summary>
    public int AddMemberCalls { get; private set; }

    public GlanceImage AddImage(string id, string owner, string visibility = "shared", string? name = null)
    {
        var image = new GlanceImage { Id = id, Owner = owner, Visibility = visibility, Status = "active", Name = name ?? id, Size = 1024L * 1024 * 512, OsDistro = "debian", OsVersion = "12" };
        Images.Add(image);
        return image;
    }

    public void Share(string imageId, string member, string status = MemberStatuses.Pending) =>
        Members.Add(new GlanceMember { ImageId = imageId, MemberId = member, Status = status, CreatedAt = DateTimeOffset.UnixEpoch, UpdatedAt = DateTimeOffset.UnixEpoch });

    public async Task<ImagesResult<ImagePage>> ListImagesAsync(ImageListQuery query, CancellationToken cancellationToken = default)
    {
        if (await EnterAsync() is { } error)
        {
            return error;
        }

        var me = currentProject();
        IEnumerable<GlanceImage> images = Images;
        if (query.Owner is not null)
        {
            images = images.Where(i => i.Owner == query.Owner);
        }

        if (query.Visibility == Visibilities.Shared)
        {
            var status = query.MemberStatus ?? MemberStatuses.Accepted;
            images = images.Where(i => i.Visibility == Visibilities.Shared
                && (i.Owner == me || Members.Any(m => m.ImageId == i.Id && m.MemberId == me && (status == "all" || m.Status == status))));
        }

        // Paging as Glance does it: marker = last ID seen; `next` whenever the page is full.
        var ordered = query.Sort?.StartsWith("name", StringComparison.Ordinal) == true ? images.OrderBy(i => i.Name, StringComparer.Ordinal).ToList() : images.ToList();
        if (query.Marker is not null)
        {
            ordered = [.. ordered.SkipWhile(i => i.Id != query.Marker).Skip(1)];
        }

        var limit = query.Limit ?? 25;
        var pageItems = ordered.Take(limit).ToList();
        return ImagesResult<ImagePage>.Success(new ImagePage(pageItems, pageItems.Count == limit ? pageItems[^1].Id : null));
    }

    public async Task<ImagesResult<IReadOnlyList<GlanceImage>>> ListAllImagesAsync(ImageListQuery query, int maxPages = 20, CancellationToken cancellationToken = default)
    {
        var page = await ListImagesAsync(query, cancellationToken);
        return page.IsSuccess ? ImagesResult<IReadOnlyList<GlanceImage>>.Success(page.Value.Images) : page.Error;
    }

    public async Task<ImagesResult<GlanceImage>> GetImageAsync(string imageId, CancellationToken cancellationToken = default)
    {
        if (await EnterAsync() is { } error)
        {
            return error;
        }

        var image = Images.FirstOrDefault(i => i.Id == imageId);
        return image is null ? new ImagesError(ImagesErrorKind.NotFound, $"Image {imageId} not found.") : ImagesResult<GlanceImage>.Success(image);
    }

    public Task<ImagesResult<GlanceImage>> CreateImageAsync(CreateImageRequest image, CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagesResult<GlanceImage>.Success(AddImage(Guid.NewGuid().ToString(), currentProject()!, image.Visibility ?? "shared", image.Name)));

    public Task<ImagesResult<GlanceImage>> UpdateImageAsync(string imageId, IReadOnlyList<JsonPatchOperation> operations, CancellationToken cancellationToken = default)
    {
        var image = Images.First(i => i.Id == imageId);
        foreach (var op in operations.Where(o => o.Path == "/visibility"))
        {
            image.Visibility = op.Value!.Value.GetString()!;
        }

        return Task.FromResult(ImagesResult<GlanceImage>.Success(image));
    }

    public Task<ImagesResult<GlanceImage>> SetVisibilityAsync(string imageId, string visibility, CancellationToken cancellationToken = default) =>
        UpdateImageAsync(imageId, [JsonPatchOperation.Replace("/visibility", visibility)], cancellationToken);

    public Task<ImagesResult<bool>> DeleteImageAsync(string imageId, CancellationToken cancellationToken = default)
    {
        Images.RemoveAll(i => i.Id == imageId);
        return Task.FromResult(ImagesResult<bool>.Success(true));
    }

    public async Task<ImagesResult<IReadOnlyList<GlanceMember>>> ListMembersAsync(string imageId, CancellationToken cancellationToken = default)
    {
        if (await EnterAsync() is { } error)
        {
            return error;
        }

        return ImagesResult<IReadOnlyList<GlanceMember>>.Success([.. Members.Where(m => m.ImageId == imageId)]);
    }

    public Task<ImagesResult<GlanceMember>> GetMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
    {
        var member = Members.FirstOrDefault(m => m.ImageId == imageId && m.MemberId == memberId);
        return Task.FromResult(member is null ? (ImagesResult<GlanceMember>)new ImagesError(ImagesErrorKind.NotFound, "not found") : ImagesResult<GlanceMember>.Success(member));
    }

    public async Task<ImagesResult<GlanceMember>> AddMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
    {
        AddMemberCalls++;
        if (await EnterAsync() is { } error)
        {
            return error;
        }

        var image = Images.FirstOrDefault(i => i.Id == imageId);
        if (image is null)
        {
            return new ImagesError(ImagesErrorKind.NotFound, $"Image {imageId} not found.");
        }

        if (image.Owner != currentProject() || image.Visibility != Visibilities.Shared)
        {
            return new ImagesError(ImagesErrorKind.Forbidden, $"Not allowed to create members for image {imageId}.");
        }

        if (Members.Any(m => m.ImageId == imageId && m.MemberId == memberId))
        {
            return new ImagesError(ImagesErrorKind.Conflict, $"Member {memberId} is duplicated for image {imageId}");
        }

        if (Members.Count(m => m.ImageId == imageId) >= MemberQuota)
        {
            return new ImagesError(ImagesErrorKind.QuotaExceeded, $"Image member limit exceeded for image {imageId}.");
        }

        Share(imageId, memberId);
        return ImagesResult<GlanceMember>.Success(Members[^1]);
    }

    public async Task<ImagesResult<GlanceMember>> UpdateMemberStatusAsync(string imageId, string memberId, string status, CancellationToken cancellationToken = default)
    {
        if (await EnterAsync() is { } error)
        {
            return error;
        }

        var member = Members.FirstOrDefault(m => m.ImageId == imageId && m.MemberId == memberId);
        if (member is null || memberId != currentProject())
        {
            return new ImagesError(ImagesErrorKind.Forbidden, $"Not allowed to update members for image {imageId}.");
        }

        member.Status = status;
        return ImagesResult<GlanceMember>.Success(member);
    }

    public Task<ImagesResult<bool>> RemoveMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
    {
        Members.RemoveAll(m => m.ImageId == imageId && m.MemberId == memberId);
        return Task.FromResult(ImagesResult<bool>.Success(true));
    }

    public Task<ImagesResult<JsonElement>> GetMemberSchemaAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagesResult<JsonElement>.Success(default));

    public Task<ImagesResult<JsonElement>> GetMembersSchemaAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(ImagesResult<JsonElement>.Success(default));

    private async Task<ImagesError?> EnterAsync()
    {
        lock (_lock)
        {
            Calls++;
        }

        if (Gate is { } gate)
        {
            await gate.Task;
        }

        return FailWith;
    }
}
