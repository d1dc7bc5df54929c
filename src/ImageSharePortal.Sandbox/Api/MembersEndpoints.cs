using System.Text.Json;
using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>
/// <c>/v2/images/{id}/members</c>, following <c>glance/api/v2/image_members.py</c> step by step with secure RBAC on
/// (the order of the checks decides which error a caller sees): find the image (404), members only on shared
/// images (403), find the member (404), then the policy (403), then the value (400).
/// </summary>
internal static class MembersEndpoints
{
    private static readonly string[] Statuses = ["pending", "accepted", "rejected"];

    public static void Map(IEndpointRouteBuilder v2)
    {
        v2.MapGet("/images/{imageId}/members", ListAsync);
        v2.MapPost("/images/{imageId}/members", CreateAsync);
        v2.MapGet("/images/{imageId}/members/{memberId}", GetAsync);
        v2.MapPut("/images/{imageId}/members/{memberId}", UpdateAsync);
        v2.MapDelete("/images/{imageId}/members/{memberId}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(string imageId, HttpContext context, SandboxDbContext db, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        var image = await FindImageAsync(db, caller, policy, imageId, ct);
        if (image is null)
        {
            return ImageNotFound(imageId);
        }

        if (image.Visibility != "shared")
        {
            return GlanceError.Forbidden($"Not allowed to list members for image {imageId}: Only shared images have members.");
        }

        var members = await db.MembersVisibleTo(caller, image).AsNoTracking().ToListAsync(ct);
        return GlanceJson.Result(Views.Members(members));
    }

    private static async Task<IResult> GetAsync(string imageId, string memberId, HttpContext context, SandboxDbContext db, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        var image = await FindImageAsync(db, caller, policy, imageId, ct);
        if (image is null)
        {
            return ImageNotFound(imageId);
        }

        // Glance turns every refusal here into 404, so a stranger learns nothing about the member list.
        if (image.Visibility != "shared")
        {
            return GlanceError.NotFound("Only shared images have members.");
        }

        var member = await db.MembersVisibleTo(caller, image).AsNoTracking().FirstOrDefaultAsync(m => m.MemberId == memberId, ct);
        return member is null ? MemberNotFound(imageId, memberId) : GlanceJson.Result(Views.Member(member));
    }

    private static async Task<IResult> CreateAsync(string imageId, HttpContext context, SandboxDbContext db, SandboxState state, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        var (body, error) = await RequestBody.ReadAsync(context.Request, ct);
        if (error is not null)
        {
            return error;
        }

        var (memberId, memberError) = ReadMemberId(body);
        if (memberError is not null)
        {
            return memberError;
        }

        using var write = await state.EnterWriteAsync(ct);
        var image = await FindImageAsync(db, caller, policy, imageId, ct);
        if (image is null)
        {
            return ImageNotFound(imageId);
        }

        if (image.Visibility != "shared")
        {
            return GlanceError.Forbidden($"Not allowed to create members for image {imageId}.");
        }

        if (policy.AddMember(caller, image) is { } forbidden)
        {
            return forbidden;
        }

        // Glance checks the quota before looking for a duplicate.
        var count = await db.Members.CountAsync(m => m.ImageId == imageId, ct);
        if (state.MemberQuota >= 0 && count + 1 > state.MemberQuota)
        {
            return GlanceError.Explained(413, $"Image member limit exceeded for image {imageId}: The limit has been exceeded on the number of allowed image members for this image. Attempted: {count + 1}, Maximum: {state.MemberQuota}:");
        }

        if (await db.Members.AnyAsync(m => m.ImageId == imageId && m.MemberId == memberId, ct))
        {
            return GlanceError.Explained(409, $"Member {memberId} is duplicated for image {imageId}");
        }

        var now = state.UtcNow;
        var member = new MemberEntity { ImageId = imageId, MemberId = memberId!, Status = "pending", CreatedAt = now, UpdatedAt = now };
        db.Members.Add(member);
        await db.SaveChangesAsync(ct);
        return GlanceJson.Result(Views.Member(member));
    }

    private static async Task<IResult> UpdateAsync(string imageId, string memberId, HttpContext context, SandboxDbContext db, SandboxState state, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        var (body, error) = await RequestBody.ReadAsync(context.Request, ct);
        if (error is not null)
        {
            return error;
        }

        if (body is not JsonObject fields)
        {
            return GlanceError.BadRequest("Expected a status in the form: {\"status\": \"status\"}");
        }

        if (!fields.TryGetPropertyValue("status", out var statusNode))
        {
            return GlanceError.BadRequest("Status not specified");
        }

        using var write = await state.EnterWriteAsync(ct);
        var image = await FindImageAsync(db, caller, policy, imageId, ct);
        if (image is null)
        {
            return ImageNotFound(imageId);
        }

        if (image.Visibility != "shared")
        {
            return GlanceError.Forbidden($"Not allowed to update members for image {imageId}.");
        }

        // The owner may not accept on a consumer's behalf: only the member itself (or admin) changes the status.
        if (policy.UpdateMemberBeforeLookup(caller, image) is { } ownerRefused)
        {
            return ownerRefused;
        }

        var member = await db.MembersVisibleTo(caller, image).FirstOrDefaultAsync(m => m.MemberId == memberId, ct);
        if (member is null)
        {
            return MemberNotFound(imageId, memberId);
        }

        if (policy.UpdateMemberAfterLookup(caller, image) is { } forbidden)
        {
            return forbidden;
        }

        var status = statusNode?.GetValueKind() == JsonValueKind.String ? statusNode.GetValue<string>() : null;
        if (status is null || !Statuses.Contains(status))
        {
            return GlanceError.BadRequest("Incorrect request: Status must be \"pending\", \"accepted\" or \"rejected\".");
        }

        member.Status = status;
        member.UpdatedAt = state.UtcNow;
        await db.SaveChangesAsync(ct);
        return GlanceJson.Result(Views.Member(member));
    }

    private static async Task<IResult> DeleteAsync(string imageId, string memberId, HttpContext context, SandboxDbContext db, SandboxState state, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        using var write = await state.EnterWriteAsync(ct);
        var image = await FindImageAsync(db, caller, policy, imageId, ct);
        if (image is null)
        {
            return ImageNotFound(imageId);
        }

        if (image.Visibility != "shared")
        {
            return GlanceError.Forbidden($"Not allowed to delete members for image {imageId}.");
        }

        // A consumer cannot remove itself: it rejects instead.
        if (policy.DeleteMemberBeforeLookup(caller, image) is { } notOwner)
        {
            return notOwner;
        }

        var member = await db.MembersVisibleTo(caller, image).FirstOrDefaultAsync(m => m.MemberId == memberId, ct);
        if (member is null)
        {
            return MemberNotFound(imageId, memberId);
        }

        if (policy.DeleteMemberAfterLookup(caller, image) is { } forbidden)
        {
            return forbidden;
        }

        db.Members.Remove(member);
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    /// <summary>Glance's members deserializer: any non-empty member ID is accepted, it is not checked against Keystone.</summary>
    private static (string? MemberId, GlanceError? Error) ReadMemberId(JsonNode? body)
    {
        if (body is not JsonObject fields)
        {
            return (null, GlanceError.BadRequest("Expected a member in the form: {\"member\": \"image_id\"}"));
        }

        if (!fields.TryGetPropertyValue("member", out var member))
        {
            return (null, GlanceError.BadRequest("Member to be added not specified"));
        }

        var kind = member?.GetValueKind() ?? JsonValueKind.Null;
        var empty = kind switch
        {
            JsonValueKind.Null or JsonValueKind.False => true,
            JsonValueKind.String => member!.GetValue<string>().Length == 0,
            JsonValueKind.Number => member!.ToJsonString() is "0" or "0.0",
            JsonValueKind.Array => ((JsonArray)member!).Count == 0,
            JsonValueKind.Object => ((JsonObject)member!).Count == 0,
            _ => false,
        };
        if (empty)
        {
            return (null, GlanceError.BadRequest("Member can't be empty"));
        }

        return kind switch
        {
            JsonValueKind.String => (member!.GetValue<string>(), null),
            JsonValueKind.Number or JsonValueKind.True => (member!.ToJsonString(), null),
            _ => (null, GlanceError.BadRequest("Expected a member in the form: {\"member\": \"image_id\"}")),
        };
    }

    private static Task<ImageEntity?> FindImageAsync(SandboxDbContext db, GlanceCaller caller, GlancePolicy policy, string imageId, CancellationToken ct) =>
        db.Images.VisibleTo(caller, policy).AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId, ct);

    private static GlanceError ImageNotFound(string imageId) => GlanceError.NotFound($"Image {imageId} not found.");

    private static GlanceError MemberNotFound(string imageId, string memberId) =>
        GlanceError.NotFound($"{memberId} not found in the member list of the image {imageId}.");
}
