namespace ImageSharePortal.Web.Features.Requests;

/// <summary>
/// Whether the signed-in project is already a member of a listed image, so the request page offers what is next
/// (accept it, use it) instead of a request it does not need. One member call, made as the consumer: Glance shows a
/// member its own membership and answers 404 to everyone else.
/// </summary>
public sealed class ExistingShare(IImagesClient images, ICurrentIdentity identity)
{
    /// <summary>The project's member status for <paramref name="imageId"/>, or null when it is not a member, not signed in, or Glance cannot say.</summary>
    public async Task<string?> StatusAsync(string imageId, CancellationToken cancellationToken = default)
    {
        if (await identity.GetAsync(cancellationToken) is not { } who)
        {
            return null;
        }

        var member = await images.GetMemberAsync(imageId, who.ProjectId, cancellationToken);
        return member.IsSuccess ? member.Value.Status : null; // a failure only means the form is shown, as before
    }
}
