using ImageSharePortal.Sandbox.Data;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>Who may see what: Glance's <c>is_image_visible</c> together with the secure-RBAC <c>get_image</c> policy.</summary>
internal static class ImageAccess
{
    /// <summary>
    /// Visible: admin; or a reader of the owner project; or any reader for public and community images; or a
    /// member of a shared image whatever its member status (pending/rejected only hide it from lists).
    /// </summary>
    public static IQueryable<ImageEntity> VisibleTo(this IQueryable<ImageEntity> images, GlanceCaller caller, GlancePolicy policy)
    {
        if (caller.IsAdmin)
        {
            return images;
        }

        if (!policy.MayRead(caller))
        {
            return images.Where(_ => false);
        }

        var project = caller.ProjectId;
        return images.Where(i => i.Owner == project || i.Visibility == "public" || i.Visibility == "community"
            || (i.Visibility == "shared" && i.Members.Any(m => m.MemberId == project)));
    }

    public static Task<ImageEntity?> FindVisibleAsync(this SandboxDbContext db, GlanceCaller caller, GlancePolicy policy, string imageId, CancellationToken ct) =>
        db.Images.VisibleTo(caller, policy).AsSplitQuery().Include(i => i.Tags).Include(i => i.Properties)
            .FirstOrDefaultAsync(i => i.Id == imageId, ct);

    public static bool IsOwner(this GlanceCaller caller, ImageEntity image) => caller.ProjectId == image.Owner;

    /// <summary>Secure-RBAC <c>ADMIN_OR_PROJECT_MEMBER</c> on the image's owner project (modify, delete, add/delete member).</summary>
    public static bool CanManage(this GlanceCaller caller, ImageEntity image) => caller.IsAdmin || (caller.IsMember && caller.IsOwner(image));

    /// <summary>
    /// Glance's policy target sets <c>member_id</c> to the caller's project when a non-owner sees a shared image
    /// (it can only have found it as a member); <c>modify_member</c> is admin or a member-role user of that project.
    /// </summary>
    public static bool CanModifyMembership(this GlanceCaller caller, ImageEntity image) =>
        caller.IsAdmin || (caller.IsMember && image.Visibility == "shared" && !caller.IsOwner(image));

    /// <summary>Members the caller may see: all of them for the owner (and admin), otherwise only its own membership.</summary>
    public static IQueryable<MemberEntity> MembersVisibleTo(this SandboxDbContext db, GlanceCaller caller, ImageEntity image)
    {
        var members = db.Members.Where(m => m.ImageId == image.Id);
        if (!caller.IsAdmin && !caller.IsOwner(image))
        {
            var project = caller.ProjectId;
            members = members.Where(m => m.MemberId == project);
        }

        return members.OrderBy(m => m.Id);
    }
}
