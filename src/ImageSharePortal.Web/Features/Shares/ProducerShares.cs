using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Store;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>A member of one of the session project's images, as the Images API has it now.</summary>
public sealed record OwnedShare(PortalIdentity Who, GlanceImage Image, GlanceMember Member);

/// <summary>
/// What every producer action on one share (an end date, a reminder) checks first: signed in, the image exists and
/// belongs to the session's project, the member exists. Each refusal is in the image's history.
/// </summary>
public sealed class ProducerShares(IImagesClient images, ICurrentIdentity identity, AuditLog audit)
{
    /// <param name="imageId">The image.</param>
    /// <param name="memberId">The member project.</param>
    /// <param name="action">The history action a refusal is recorded as.</param>
    /// <param name="notOwner">The refusal when another project owns the image.</param>
    /// <param name="refusal">A refusal of the action itself, known before the member is read (null when there is none).</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    public async Task<(OwnedShare? Share, string? Refusal)> FindAsync(string imageId, string memberId, string action, string notOwner,
        Func<string?>? refusal = null, CancellationToken cancellationToken = default)
    {
        var who = await identity.GetAsync(cancellationToken);
        if (who is null)
        {
            return (null, ImagesError.NotSignedIn.Message);
        }

        var image = await images.GetImageAsync(imageId, cancellationToken);
        if (!image.IsSuccess)
        {
            return (null, image.Error.Message);
        }

        async Task<(OwnedShare?, string?)> RefuseAsync(string message)
        {
            await audit.RecordAsync(who, action, imageId, image.Value.Owner, memberId, AuditOutcome.Refused, message, cancellationToken);
            return (null, message);
        }

        if (image.Value.Owner != who.ProjectId)
        {
            return await RefuseAsync(notOwner);
        }

        if (refusal?.Invoke() is { } refused)
        {
            return await RefuseAsync(refused);
        }

        var member = await images.GetMemberAsync(imageId, memberId, cancellationToken);
        if (!member.IsSuccess)
        {
            return member.Error.Kind == ImagesErrorKind.NotFound
                ? await RefuseAsync($"Project {memberId} is not a member of this image (any more). Reload the page.")
                : (null, member.Error.Message);
        }

        return (new OwnedShare(who, image.Value, member.Value), null);
    }

    /// <summary>Records a refusal found after the share was read (e.g. the member is not pending).</summary>
    public async Task<string> RefuseAsync(OwnedShare share, string action, string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(share);
        await audit.RecordAsync(share.Who, action, share.Image.Id, share.Image.Owner, share.Member.MemberId, AuditOutcome.Refused, message, cancellationToken);
        return message;
    }
}
