using ImageSharePortal.Web.Features.Shares;

namespace ImageSharePortal.Web.Embedded;

/// <summary>The embedded sandbox trusts Glance's identity headers: the portal acts as a member of the owner project.</summary>
internal sealed class OwnerProjectCaller : IServiceImagesCaller
{
    public const string UserId = "image-share-portal";

    public string? Unavailable => null;

    public Task<ImagesResult<ImagesCaller>> ForOwnerAsync(string ownerProjectId, CancellationToken cancellationToken) =>
        Task.FromResult(ImagesResult<ImagesCaller>.Success(new ImagesCaller(ownerProjectId, UserId, ["reader", "member"])));

    public void Refused()
    {
        // Trusted headers carry no token to renew.
    }
}
