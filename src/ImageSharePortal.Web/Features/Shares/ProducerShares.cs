using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>A member of one of the session project's images, as the Images API has it now.</summary>
public sealed record OwnedShare(PortalIdentity Who, GlanceImage Image, GlanceMember Member);

/// <summary>
/// What every producer action on one share (an end date, a reminder) checks first: signed in, the image exists and
/// belongs to the session's project, the member exists. Each refusal is in the image's history (in English), and returned in the producer's words.
/// </summary>
public sealed class ProducerShares(IImagesClient images, ICurrentIdentity identity, AuditLog audit, IStringLocalizer<Strings> localizer)
{
    /// <param name="imageId">The image.</param>
    /// <param name="memberId">The member project.</param>
    /// <param name="action">The history action a refusal is recorded as.</param>
    /// <param name="notOwner">The refusal when another project owns the image.</param>
    /// <param name="refusal">A refusal of the action itself, known before the member is read (null when there is none).</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    public Task<(OwnedShare? Share, string? Refusal)> FindAsync(string imageId, string memberId, string action, Said notOwner,
        Func<Said?>? refusal = null, CancellationToken cancellationToken = default) =>
        identity.AsSignedInAsync<(OwnedShare? Share, string? Refusal)>(async who =>
        {
            var image = await images.GetImageAsync(imageId, cancellationToken);
            if (!image.IsSuccess)
            {
                return (null, ErrorText.For(localizer, image.Error));
            }

            async Task<(OwnedShare?, string?)> RefuseAsync(Said message)
            {
                await audit.RecordAsync(who, action, imageId, image.Value.Owner, memberId, AuditOutcome.Refused, message.Recorded, cancellationToken);
                return (null, message.Shown);
            }

            if (image.Value.Owner != who.ProjectId)
            {
                return await RefuseAsync(notOwner);
            }

            if (refusal?.Invoke() is Said refused)
            {
                return await RefuseAsync(refused);
            }

            var member = await images.GetMemberAsync(imageId, memberId, cancellationToken);
            if (!member.IsSuccess)
            {
                return member.Error.Kind == ImagesErrorKind.NotFound
                    ? await RefuseAsync(Words.Say(localizer, "Shares.NotAMember", memberId))
                    : (null, ErrorText.For(localizer, member.Error));
            }

            return (new OwnedShare(who, image.Value, member.Value), null);
        }, message => (null, message), cancellationToken);

    /// <summary>Records a refusal found after the share was read (e.g. the member is not pending).</summary>
    public async Task<string> RefuseAsync(OwnedShare share, string action, Said message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(share);
        await audit.RecordAsync(share.Who, action, share.Image.Id, share.Image.Owner, share.Member.MemberId, AuditOutcome.Refused, message.Recorded, cancellationToken);
        return message.Shown;
    }
}
