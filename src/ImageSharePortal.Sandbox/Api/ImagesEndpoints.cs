using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
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
    private static readonly string[] PatchOperations = ["add", "remove", "replace"];

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
                return NegativeValue(key, number.GetValue<long>());
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
        SetTags(image, fields["tags"]);
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

        var (changes, changeError) = ParseChanges(body, draft4: mediaType == PatchV20);
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
            if (ApplyChange(caller, policy, image, change, draft4: mediaType == PatchV20) is { } applyError)
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

    private static GlanceError NegativeValue(string name, long value) =>
        GlanceError.BadRequest(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Invalid value '{value}' for parameter '{name}': Cannot be a negative value"));

    private static (List<PatchChange> Changes, GlanceError? Error) ParseChanges(JsonNode? body, bool draft4)
    {
        var changes = new List<PatchChange>();
        if (body is not JsonArray operations)
        {
            return (changes, GlanceError.BadRequest("Request body must be a JSON array of operation objects."));
        }

        foreach (var operation in operations)
        {
            if (operation is not JsonObject raw)
            {
                return (changes, GlanceError.BadRequest("Operations must be JSON objects."));
            }

            string? op;
            JsonNode? pointerNode;
            if (draft4)
            {
                var named = PatchOperations.Where(raw.ContainsKey).ToList();
                if (named.Count != 1)
                {
                    return (changes, GlanceError.BadRequest(named.Count == 0
                        ? "Operation objects must contain exactly one member named \"add\", \"remove\", or \"replace\"."
                        : "Operation objects must contain only one member named \"add\", \"remove\", or \"replace\"."));
                }

                op = named[0];
                pointerNode = raw[op];
            }
            else
            {
                op = raw["op"]?.GetValueKind() == JsonValueKind.String ? raw["op"]!.GetValue<string>() : raw["op"]?.ToJsonString();
                if (op is null)
                {
                    return (changes, GlanceError.BadRequest("Unable to find `op` in JSON Schema change. It must be one of the following: add, remove, replace."));
                }

                if (!PatchOperations.Contains(op))
                {
                    return (changes, GlanceError.BadRequest($"Invalid operation: `{op}`. It must be one of the following: add, remove, replace."));
                }

                if (!raw.ContainsKey("path"))
                {
                    return (changes, GlanceError.BadRequest("Unable to find 'path' in JSON Schema change"));
                }

                pointerNode = raw["path"];
            }

            var pointer = pointerNode?.GetValueKind() == JsonValueKind.String ? pointerNode.GetValue<string>() : string.Empty;
            var (path, pointerError) = DecodePointer(pointer);
            if (pointerError is not null)
            {
                return (changes, pointerError);
            }

            if (path.Count != 1)
            {
                return (changes, GlanceError.BadRequest($"Invalid JSON pointer for this resource: '/{string.Join('/', path)}'"));
            }

            JsonNode? value = null;
            if (op != "remove")
            {
                if (!raw.ContainsKey("value"))
                {
                    return (changes, GlanceError.BadRequest($"Operation \"{op}\" requires a member named \"value\"."));
                }

                value = raw["value"]?.DeepClone();
            }

            var root = path[0];
            if (ImageSchema.ReadOnly.Contains(root))
            {
                return (changes, GlanceError.Forbidden($"Attribute '{root}' is read-only."));
            }

            if (ImageSchema.IsReserved(root))
            {
                return (changes, GlanceError.Forbidden($"Attribute '{root}' is reserved."));
            }

            if (op != "remove" && ImageSchema.Validate(root, value) is { } invalid)
            {
                return (changes, GlanceError.BadRequest(invalid));
            }

            changes.Add(new PatchChange(op, root, value));
        }

        return (changes, null);
    }

    /// <summary>Glance accepts only a restricted JSON pointer: one level, <c>~0</c>/<c>~1</c> escapes.</summary>
    private static (List<string> Path, GlanceError? Error) DecodePointer(string pointer)
    {
        if (!pointer.StartsWith('/'))
        {
            return ([], GlanceError.BadRequest($"Pointer `{pointer}` does not start with \"/\"."));
        }

        if (System.Text.RegularExpressions.Regex.IsMatch(pointer[1..], @"/\s*?/"))
        {
            return ([], GlanceError.BadRequest($"Pointer `{pointer}` contains adjacent \"/\"."));
        }

        if (pointer.Length > 1 && pointer.EndsWith('/'))
        {
            return ([], GlanceError.BadRequest($"Pointer `{pointer}` end with \"/\"."));
        }

        if (pointer[1..].Trim() == "/")
        {
            return ([], GlanceError.BadRequest($"Pointer `{pointer}` does not contains valid token."));
        }

        if (System.Text.RegularExpressions.Regex.IsMatch(pointer, "~[^01]") || pointer.EndsWith('~'))
        {
            return ([], GlanceError.BadRequest($"Pointer `{pointer}` contains \"~\" not part of a recognized escape sequence."));
        }

        return ([.. pointer.TrimStart('/').Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal).Trim())], null);
    }

    private static GlanceError? ApplyChange(GlanceCaller caller, GlancePolicy policy, ImageEntity image, PatchChange change, bool draft4)
    {
        var (op, root, value) = change;
        if (root == "locations")
        {
            return GlanceError.Forbidden("It's not allowed to update locations if locations are invisible.");
        }

        if (op == "replace" && root == "owner" && !caller.IsAdmin)
        {
            return GlanceError.Detailed(403, "Owner can't be updated by non admin.");
        }

        if (root == "visibility" && policy.SetVisibility(caller, value!.GetValue<string>()) is { } visibilityError)
        {
            return visibilityError;
        }

        if (policy.ModifyImage(caller, image) is { } forbidden)
        {
            return forbidden;
        }

        var isAttribute = ImageSchema.ImageAttributes.Contains(root);
        var property = image.Properties.Find(p => p.Name == root);
        switch (op)
        {
            case "remove" when isAttribute:
                return GlanceError.Detailed(403, $"Property {root} may not be removed.");
            case "remove" when property is null:
                return GlanceError.Detailed(409, $"Property {root} does not exist.");
            case "remove":
                image.Properties.Remove(property!);
                return null;
            case "replace" when !isAttribute && property is null:
                return GlanceError.Detailed(409, $"Property {root} does not exist.");
            case "add" when draft4 && (isAttribute || property is not null):
                return GlanceError.Detailed(409, $"Property {root} already present.");
            default:
                return isAttribute ? SetAttribute(image, root, value) : SetProperty(image, root, value!.GetValue<string>());
        }
    }

    private static GlanceError? SetProperty(ImageEntity image, string name, string value)
    {
        var property = image.Properties.Find(p => p.Name == name);
        if (property is null)
        {
            image.Properties.Add(new ImagePropertyEntity { ImageId = image.Id, Name = name, Value = value });
        }
        else
        {
            property.Value = value;
        }

        return null;
    }

    private static GlanceError? SetAttribute(ImageEntity image, string name, JsonNode? value)
    {
        switch (name)
        {
            case "name":
                image.Name = value?.GetValue<string>();
                break;
            case "visibility":
                image.Visibility = value!.GetValue<string>();
                break;
            case "protected":
                image.Protected = value!.GetValue<bool>();
                break;
            case "os_hidden":
                image.OsHidden = value!.GetValue<bool>();
                break;
            case "min_disk":
            case "min_ram":
                var number = value!.GetValue<long>();
                if (number < 0)
                {
                    return NegativeValue(name, number);
                }

                if (name == "min_disk")
                {
                    image.MinDisk = (int)Math.Min(number, int.MaxValue);
                }
                else
                {
                    image.MinRam = (int)Math.Min(number, int.MaxValue);
                }

                break;
            case "disk_format":
            case "container_format":
                if (image.Status != "queued")
                {
                    return GlanceError.Forbidden($"Attribute {name} can be only replaced for a queued image.");
                }

                if (name == "disk_format")
                {
                    image.DiskFormat = value?.GetValue<string>();
                }
                else
                {
                    image.ContainerFormat = value?.GetValue<string>();
                }

                break;
            case "tags":
                SetTags(image, value);
                break;
            case "owner":
                image.Owner = value?.GetValue<string>() ?? image.Owner;
                break;
            default:
                return GlanceError.Forbidden($"Attribute '{name}' is read-only.");
        }

        return null;
    }

    /// <summary>Replaces the tag set (Glance keeps tags as a set), updating rows in place so EF never sees a key twice.</summary>
    private static void SetTags(ImageEntity image, JsonNode? tags)
    {
        var wanted = (tags as JsonArray ?? []).Select(t => t!.GetValue<string>()).Distinct(StringComparer.Ordinal).ToList();
        image.Tags.RemoveAll(t => !wanted.Contains(t.Value));
        for (var position = 0; position < wanted.Count; position++)
        {
            var existing = image.Tags.Find(t => t.Value == wanted[position]);
            if (existing is null)
            {
                image.Tags.Add(new ImageTagEntity { ImageId = image.Id, Value = wanted[position], Position = position });
            }
            else
            {
                existing.Position = position;
            }
        }
    }

    private sealed record PatchChange(string Op, string Root, JsonNode? Value);
}
