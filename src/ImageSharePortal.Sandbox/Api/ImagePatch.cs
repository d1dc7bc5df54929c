using System.Text.Json;
using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox.Data;

namespace ImageSharePortal.Sandbox.Api;
/// <summary>
/// Glance's JSON-patch for <c>PATCH /v2/images/{id}</c> (media types v2.0 and v2.1): parsing the operations with Glance's
/// checks and messages, and applying them to an image's attributes, properties and tags.
/// </summary>
internal static class ImagePatch
{
    private static readonly string[] PatchOperations = ["add", "remove", "replace"];

    public static GlanceError NegativeValue(string name, long value) =>
        GlanceError.BadRequest(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Invalid value '{value}' for parameter '{name}': Cannot be a negative value"));


    public static (List<PatchChange> Changes, GlanceError? Error) ParseChanges(JsonNode? body, bool draft4)
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

    public static GlanceError? ApplyChange(GlanceCaller caller, GlancePolicy policy, ImageEntity image, PatchChange change, bool draft4)
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
    public static void SetTags(ImageEntity image, JsonNode? tags)
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

    public sealed record PatchChange(string Op, string Root, JsonNode? Value);
}
