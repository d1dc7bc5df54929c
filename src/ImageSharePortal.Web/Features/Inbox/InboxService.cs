using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;

namespace ImageSharePortal.Web.Features.Inbox;

public sealed record InboxItem(GlanceImage Image, string Status);

public sealed record InboxContents(IReadOnlyList<InboxItem> Pending, IReadOnlyList<InboxItem> Accepted, IReadOnlyList<InboxItem> Rejected)
{
    public IReadOnlyList<InboxItem> For(string status) => status switch
    {
        MemberStatuses.Pending => Pending,
        MemberStatuses.Accepted => Accepted,
        _ => Rejected,
    };
}

/// <summary>
/// The consumer's side: images shared with the signed-in project, by member status. One list call per tab.
/// The member whose status changes is always the session's own project; consumers cannot add or remove members.
/// </summary>
public sealed class InboxService(IImagesClient images, ICurrentIdentity identity)
{
    public const int MaxItemsPerTab = 200;

    public async Task<ImagesResult<InboxContents>> LoadAsync(CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var tabs = await Task.WhenAll(MemberStatuses.All.Select(status => LoadTabAsync(who.ProjectId, status, cancellationToken)));
        var failed = tabs.FirstOrDefault(t => !t.IsSuccess);
        if (failed.Error is not null)
        {
            return failed.Error;
        }

        return ImagesResult<InboxContents>.Success(new InboxContents(tabs[0].Value!, tabs[1].Value!, tabs[2].Value!));
    }

    public async Task<ImagesResult<IReadOnlyList<InboxItem>>> LoadTabAsync(string status, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        return who is null ? ImagesError.NotSignedIn : await LoadTabAsync(who.ProjectId, status, cancellationToken);
    }

    public async Task<ImagesResult<GlanceMember>> SetStatusAsync(string imageId, string status, CancellationToken cancellationToken = default)
    {
        if (!MemberStatuses.All.Contains(status))
        {
            return new ImagesError(ImagesErrorKind.BadRequest, "Status must be pending, accepted or rejected.");
        }

        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return ImagesError.NotSignedIn;
        }

        var updated = await images.UpdateMemberStatusAsync(imageId, who.ProjectId, status, cancellationToken);
        if (!updated.IsSuccess && updated.Error.Kind is ImagesErrorKind.NotFound or ImagesErrorKind.Forbidden)
        {
            return new ImagesError(updated.Error.Kind, "This image is no longer shared with your project.", updated.Error.StatusCode);
        }

        return updated;
    }

    private async Task<ImagesResult<IReadOnlyList<InboxItem>>> LoadTabAsync(string projectId, string status, CancellationToken cancellationToken)
    {
        var page = await images.ListImagesAsync(new ImageListQuery
        {
            Visibility = Visibilities.Shared,
            MemberStatus = status,
            Limit = MaxItemsPerTab,
        }, cancellationToken);
        if (!page.IsSuccess)
        {
            return page.Error;
        }

        // A project's own shared images also match visibility=shared; they are not shares *to* it.
        IReadOnlyList<InboxItem> items = [.. page.Value.Images.Where(i => i.Owner != projectId).Select(i => new InboxItem(i, status))];
        return ImagesResult<IReadOnlyList<InboxItem>>.Success(items);
    }
}
