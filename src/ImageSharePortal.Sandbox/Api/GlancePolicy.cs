using ImageSharePortal.Sandbox.Data;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>
/// Glance 25's authorization, in both of its modes (status codes are the same, a few 403 messages and the order of
/// some checks differ):
/// <list type="bullet">
/// <item>legacy (Glance Zed's default, <c>enforce_secure_rbac = false</c>): policies are open (<c>rule:default</c>);
/// hard-coded owner checks in the API refuse with "Not allowed to ... members for image X." / "You do not own this image".</item>
/// <item>secure RBAC (<c>enforce_secure_rbac = true</c>): oslo.policy rules on roles (reader, member, admin) refuse with
/// "You are not authorized to complete &lt;rule&gt; action."</item>
/// </list>
/// </summary>
internal sealed class GlancePolicy(bool secureRbac)
{
    public bool SecureRbac { get; } = secureRbac;

    /// <summary>Secure RBAC needs the reader role to see anything; legacy policies ignore roles.</summary>
    public bool MayRead(GlanceCaller caller) => !SecureRbac || caller.IsReader;

    public GlanceError? ListImages(GlanceCaller caller) => MayRead(caller) ? null : GlanceError.PolicyForbidden("get_images");

    public GlanceError? AddImage(GlanceCaller caller, string owner)
    {
        if (caller.IsAdmin)
        {
            return null;
        }

        if (!SecureRbac)
        {
            return owner == caller.ProjectId ? null : GlanceError.Forbidden($"You are not permitted to create images owned by '{owner}'.");
        }

        if (caller.IsMember && owner == caller.ProjectId)
        {
            return null;
        }

        return owner != caller.ProjectId
            ? GlanceError.Detailed(403, $"You are not permitted to create images owned by '{owner}'")
            : GlanceError.PolicyForbidden("add_image");
    }

    /// <summary><c>publicize_image</c> is admin only in both modes; <c>communitize_image</c> needs the member role under secure RBAC.</summary>
    public GlanceError? SetVisibility(GlanceCaller caller, string visibility) => visibility switch
    {
        "public" when !caller.IsAdmin => GlanceError.PolicyForbidden("publicize_image"),
        "community" when SecureRbac && !caller.IsMember => GlanceError.PolicyForbidden("communitize_image"),
        _ => null,
    };

    public GlanceError? ModifyImage(GlanceCaller caller, ImageEntity image) => OwnerOnly(caller, image, "modify_image");

    public GlanceError? DeleteImage(GlanceCaller caller, ImageEntity image) => OwnerOnly(caller, image, "delete_image");

    /// <summary>The upload path words its legacy refusal differently (and without a final period).</summary>
    public GlanceError? UploadImage(GlanceCaller caller, ImageEntity image) =>
        !SecureRbac && !caller.IsAdmin && !caller.IsOwner(image)
            ? GlanceError.Forbidden($"Not allowed to upload image data for image {image.Id}")
            : OwnerOnly(caller, image, "upload_image");

    /// <summary>After the image is found and is shared.</summary>
    public GlanceError? AddMember(GlanceCaller caller, ImageEntity image)
    {
        if (!SecureRbac)
        {
            return caller.IsAdmin || caller.IsOwner(image) ? null : GlanceError.Forbidden($"Not allowed to create members for image {image.Id}.");
        }

        return caller.CanManage(image) ? null : GlanceError.PolicyForbidden("add_member");
    }

    /// <summary>Legacy refuses the owner before even looking the member up (so an unknown member is 403 for it, not 404).</summary>
    public GlanceError? UpdateMemberBeforeLookup(GlanceCaller caller, ImageEntity image) =>
        !SecureRbac && !caller.IsAdmin && caller.IsOwner(image) ? GlanceError.Forbidden($"Not allowed to update members for image {image.Id}.") : null;

    /// <summary>Secure RBAC's <c>modify_member</c>: admin, or the member project itself with the member role.</summary>
    public GlanceError? UpdateMemberAfterLookup(GlanceCaller caller, ImageEntity image) =>
        SecureRbac && !caller.CanModifyMembership(image) ? GlanceError.PolicyForbidden("modify_member") : null;

    /// <summary>Legacy refuses anyone but the owner before looking the member up.</summary>
    public GlanceError? DeleteMemberBeforeLookup(GlanceCaller caller, ImageEntity image) =>
        !SecureRbac && !caller.IsAdmin && !caller.IsOwner(image) ? GlanceError.Forbidden($"Not allowed to delete members for image {image.Id}.") : null;

    public GlanceError? DeleteMemberAfterLookup(GlanceCaller caller, ImageEntity image) =>
        SecureRbac && !caller.CanManage(image) ? GlanceError.PolicyForbidden("delete_member") : null;

    private GlanceError? OwnerOnly(GlanceCaller caller, ImageEntity image, string rule)
    {
        if (!SecureRbac)
        {
            return caller.IsAdmin || caller.IsOwner(image) ? null : GlanceError.Forbidden("You do not own this image");
        }

        return caller.CanManage(image) ? null : GlanceError.PolicyForbidden(rule);
    }
}
