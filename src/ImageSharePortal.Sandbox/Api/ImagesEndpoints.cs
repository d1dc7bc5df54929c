using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace ImageSharePortal.Sandbox.Api;

/// <summary><c>/v2/images</c>: list, create, show, JSON-patch, delete and upload, with Glance's codes and messages.</summary>
internal static class ImagesEndpoints
{
    private const string PatchV20 = "application/openstack-images-v2.0-json-patch";
    private const string PatchV21 = "application/openstack-images-v2.1-json-patch";

    public static void Map(IEndpointRouteBuilder v2)
    {
        v2.MapGet("/images", ListAsync);
        v2.MapPost("/images", CreateAsync);
        v2.MapGet("/images/{imageId}", GetAsync);
        v2.MapPatch("/images/{imageId}", PatchAsync);
        v2.MapDelete("/images/{imageId}", DeleteAsync);
        v2.MapPut("/images/{imageId}/file", UploadAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, SandboxDbContext db, GlancePolicy policy, CancellationToken ct)
    {
        var (body, error) = await ImageListing.ListAsync(db, GlanceCaller.Of(context), policy, context.Request.QueryString.Value, ct);
        return error ?? GlanceJson.Result(body!);
    }

    private static async Task<IResult> GetAsync(string imageId, HttpContext context, SandboxDbContext db, GlancePolicy policy, CancellationToken ct)
    {
        var image = await db.FindVisibleAsync(GlanceCaller.Of(context), policy, imageId, ct);
        return image is null ? NoImage(imageId) : GlanceJson.Result(Views.Image(image));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, SandboxDbContext db, SandboxState state, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        var (body, error) = await RequestBody.ReadAsync(context.Request, ct);
        if (error is not null)
        {
            return error;
        }

        if (body is not JsonObject fields)
        {
            return GlanceError.BadRequest($"Provided object does not match schema 'image': {ImageSchema.Repr(body)} is not of type 'object'");
        }

        if (fields.FirstOrDefault(f => ImageSchema.Disallowed.Contains(f.Key)) is { Key: not null } disallowed)
        {
            return GlanceError.Forbidden($"Attribute '{disallowed.Key}' is read-only.");
        }

        foreach (var (key, value) in fields)
        {
            if (ImageSchema.Validate(key, value) is { } invalid)
            {
                return GlanceError.BadRequest(invalid);
            }
        }

        foreach (var key in fields.Select(f => f.Key).Where(k => !ImageSchema.BaseProperties.Contains(k)))
        {
            if (key.Length > 255)
            {
                return GlanceError.BadRequest("Custom property should not be greater than 255 characters.");
            }

            if (ImageSchema.IsReserved(key))
            {
                return GlanceError.Detailed(403, $"Attribute '{key}' is reserved.");
            }
        }

        foreach (var key in new[] { "min_disk", "min_ram" })
        {
            if (fields[key] is { } number && number.GetValue<long>() < 0)
            {
                return ImagePatch.NegativeValue(key, number.GetValue<long>());
            }
        }

        if (ImageSchema.ReadOnlyOnCreate.FirstOrDefault(fields.ContainsKey) is { } readOnly)
        {
            return GlanceError.Forbidden($"Attribute '{readOnly}' is read-only.");
        }

        var owner = fields["owner"]?.GetValue<string>() ?? caller.ProjectId;
        var visibility = fields["visibility"]?.GetValue<string>() ?? "shared";
        if ((policy.AddImage(caller, owner) ?? policy.SetVisibility(caller, visibility)) is { } forbidden)
        {
            return forbidden;
        }

        using var write = await state.EnterWriteAsync(ct);
        var id = fields["id"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
        if (await db.Images.AnyAsync(i => i.Id == id, ct))
        {
            return GlanceError.Explained(409, $"Image with identifier {id} already exists!");
        }

        var now = state.UtcNow;
        var image = new ImageEntity
        {
            Id = id,
            Name = fields["name"]?.GetValue<string>(),
            Owner = owner,
            Visibility = visibility,
            Status = "queued",
            DiskFormat = fields["disk_format"]?.GetValue<string>(),
            ContainerFormat = fields["container_format"]?.GetValue<string>(),
            MinDisk = fields["min_disk"]?.GetValue<int>() ?? 0,
            MinRam = fields["min_ram"]?.GetValue<int>() ?? 0,
            Protected = fields["protected"]?.GetValue<bool>() ?? false,
            OsHidden = fields["os_hidden"]?.GetValue<bool>() ?? false,
            CreatedAt = now,
            UpdatedAt = now,
        };
        ImagePatch.SetTags(image, fields["tags"]);
        foreach (var (key, value) in fields.Where(f => !ImageSchema.BaseProperties.Contains(f.Key)))
        {
            image.Properties.Add(new ImagePropertyEntity { ImageId = id, Name = key, Value = value!.GetValue<string>() });
        }

        db.Images.Add(image);
        await db.SaveChangesAsync(ct);

        context.Response.Headers.Location = $"{context.Request.Scheme}://{context.Request.Host}/v2/images/{id}";
        return GlanceJson.Result(Views.Image(image), StatusCodes.Status201Created);
    }

    private static async Task<IResult> PatchAsync(string imageId, HttpContext context, SandboxDbContext db, SandboxState state, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        var mediaType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) ? parsed.MediaType.ToString() : context.Request.ContentType;
        if (mediaType is not (PatchV20 or PatchV21))
        {
            return GlanceError.UnsupportedMediaType(mediaType);
        }

        var (body, error) = await RequestBody.ReadAsync(context.Request, ct);
        if (error is not null)
        {
            return error;
        }

        var (changes, changeError) = ImagePatch.ParseChanges(body, draft4: mediaType == PatchV20);
        if (changeError is not null)
        {
            return changeError;
        }

        using var write = await state.EnterWriteAsync(ct);
        var image = await db.FindVisibleAsync(caller, policy, imageId, ct);
        if (image is null)
        {
            return NoImage(imageId);
        }

        foreach (var change in changes)
        {
            if (ImagePatch.ApplyChange(caller, policy, image, change, draft4: mediaType == PatchV20) is { } applyError)
            {
                return applyError;
            }
        }

        if (changes.Count > 0)
        {
            image.UpdatedAt = state.UtcNow;
            await db.SaveChangesAsync(ct);
        }

        return GlanceJson.Result(Views.Image(image));
    }

    private static async Task<IResult> DeleteAsync(string imageId, HttpContext context, SandboxDbContext db, SandboxState state, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        using var write = await state.EnterWriteAsync(ct);
        var image = await db.FindVisibleAsync(caller, policy, imageId, ct);
        if (image is null)
        {
            return GlanceError.NotFound($"Failed to find image {imageId} to delete");
        }

        if (policy.DeleteImage(caller, image) is { } forbidden)
        {
            return forbidden;
        }

        if (image.Protected)
        {
            return GlanceError.Forbidden($"Image {imageId} is protected and cannot be deleted.");
        }

        // Glance soft-deletes the image and its members; the stand-in simply removes the rows.
        await db.Members.Where(m => m.ImageId == imageId).ExecuteDeleteAsync(ct);
        db.Images.Remove(image);
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    /// <summary>Upload: the sandbox keeps no bytes, only what Glance records (size, checksums, status active).</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "Glance's checksum field is MD5 by definition; it identifies data, it protects nothing.")]
    private static async Task<IResult> UploadAsync(string imageId, HttpContext context, SandboxDbContext db, SandboxState state, GlancePolicy policy, CancellationToken ct)
    {
        var caller = GlanceCaller.Of(context);
        var mediaType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) ? parsed.MediaType.ToString() : context.Request.ContentType;
        if (mediaType != "application/octet-stream")
        {
            return GlanceError.UnsupportedMediaType(mediaType);
        }

        using var write = await state.EnterWriteAsync(ct);
        var image = await db.FindVisibleAsync(caller, policy, imageId, ct);
        if (image is null)
        {
            return NoImage(imageId);
        }

        if (policy.UploadImage(caller, image) is { } forbidden)
        {
            return forbidden;
        }

        if (image.Status != "queued")
        {
            return GlanceError.Explained(409, $"Image status transition from {image.Status} to saving is not allowed");
        }

        if (image.DiskFormat is null || image.ContainerFormat is null)
        {
            return GlanceError.BadRequest("Properties disk_format, container_format must be set prior to saving data.");
        }

        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        using var sha512 = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        var buffer = new byte[81920];
        long size = 0;
        int read;
        while ((read = await context.Request.Body.ReadAsync(buffer, ct)) > 0)
        {
            md5.AppendData(buffer, 0, read);
            sha512.AppendData(buffer, 0, read);
            size += read;
        }

        image.Size = size;
        image.VirtualSize = image.DiskFormat == "raw" ? size : null;
        image.Checksum = Convert.ToHexStringLower(md5.GetHashAndReset());
        image.OsHashAlgo = "sha512";
        image.OsHashValue = Convert.ToHexStringLower(sha512.GetHashAndReset());
        image.Status = "active";
        image.UpdatedAt = state.UtcNow;
        await db.SaveChangesAsync(ct);
        return Results.NoContent();
    }

    private static GlanceError NoImage(string imageId) => GlanceError.NotFound($"No image found with ID {imageId}");
}
