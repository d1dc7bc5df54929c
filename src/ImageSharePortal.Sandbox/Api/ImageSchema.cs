using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>The parts of Glance's image schema (<c>/v2/schemas/image</c>) the sandbox enforces on create and patch.</summary>
internal static partial class ImageSchema
{
    public static readonly string[] Visibilities = ["community", "public", "private", "shared"];

    public static readonly string?[] DiskFormats = [null, "ami", "ari", "aki", "vhd", "vhdx", "vmdk", "raw", "qcow2", "vdi", "iso", "ploop"];

    public static readonly string?[] ContainerFormats = [null, "ami", "ari", "aki", "bare", "ovf", "ova", "docker", "compressed"];

    /// <summary>Glance's <c>_base_properties</c>: everything else in a create body is a custom property.</summary>
    public static readonly HashSet<string> BaseProperties =
    [
        "checksum", "created_at", "container_format", "disk_format", "id", "min_disk", "min_ram", "name",
        "size", "virtual_size", "status", "tags", "owner", "updated_at", "visibility", "protected", "os_hidden",
    ];

    /// <summary>Attributes of the image object itself: a patch may replace them but never remove them.</summary>
    public static readonly HashSet<string> ImageAttributes =
    [
        .. BaseProperties, "os_hash_algo", "os_hash_value", "locations",
    ];

    /// <summary>Refused in a create body (<c>_disallowed_properties</c>).</summary>
    public static readonly HashSet<string> Disallowed = ["direct_url", "self", "file", "schema", "stores"];

    /// <summary>Refused in a patch path (<c>_readonly_properties</c>).</summary>
    public static readonly HashSet<string> ReadOnly =
    [
        "created_at", "updated_at", "status", "checksum", "size", "virtual_size", "direct_url", "self",
        "file", "schema", "id", "os_hash_algo", "os_hash_value",
    ];

    /// <summary>Read-only attributes the image factory refuses on create.</summary>
    public static readonly string[] ReadOnlyOnCreate =
        ["created_at", "updated_at", "status", "checksum", "os_hash_algo", "os_hash_value", "size", "virtual_size"];

    public static readonly HashSet<string> Reserved = ["location", "deleted", "deleted_at"];

    public const string ReservedNamespace = "os_glance";

    public static bool IsReserved(string key) => Reserved.Contains(key) || key.StartsWith(ReservedNamespace, StringComparison.Ordinal);

    /// <summary>Validates one property against the schema; returns Glance's 400 explanation, or null when valid.</summary>
    public static string? Validate(string key, JsonNode? value)
    {
        var problem = key switch
        {
            "id" => value is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? (UuidPattern().IsMatch(v.GetValue<string>()) ? null : $"{Repr(value)} does not match '^([0-9a-fA-F]){{8}}-([0-9a-fA-F]){{4}}-([0-9a-fA-F]){{4}}-([0-9a-fA-F]){{4}}-([0-9a-fA-F]){{12}}$'")
                : NotOfType(value, "'string'"),
            "name" => NullableString(value, 255),
            "owner" => NullableString(value, 255),
            "visibility" => Kind(value) == JsonValueKind.String ? Enum(value, Visibilities) : NotOfType(value, "'string'"),
            "protected" or "os_hidden" => Kind(value) is JsonValueKind.True or JsonValueKind.False ? null : NotOfType(value, "'boolean'"),
            "min_ram" or "min_disk" => IsInteger(value) ? null : NotOfType(value, "'integer'"),
            "disk_format" => NullableString(value, null) ?? Enum(value, DiskFormats),
            "container_format" => NullableString(value, null) ?? Enum(value, ContainerFormats),
            "tags" => ValidateTags(value),
            "checksum" => NullableString(value, 32),
            "os_hash_algo" => NullableString(value, 64),
            "os_hash_value" => NullableString(value, 128),
            "size" or "virtual_size" => value is null || IsInteger(value) ? null : NotOfType(value, "'null', 'integer'"),
            "status" or "created_at" or "updated_at" or "direct_url" or "self" or "file" or "stores" or "schema" =>
                Kind(value) == JsonValueKind.String ? null : NotOfType(value, "'string'"),
            "locations" => Kind(value) == JsonValueKind.Array ? null : NotOfType(value, "'array'"),
            _ => Kind(value) == JsonValueKind.String ? null : NotOfType(value, "'string'"),
        };
        return problem is null ? null : $"Provided object does not match schema 'image': {problem}";
    }

    /// <summary>Python's <c>repr</c> of a JSON value, as jsonschema's messages show it.</summary>
    public static string Repr(JsonNode? value) => value switch
    {
        null => "None",
        JsonArray a => "[" + string.Join(", ", a.Select(Repr)) + "]",
        JsonObject o => "{" + string.Join(", ", o.Select(p => $"'{p.Key}': {Repr(p.Value)}")) + "}",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "'" + v.GetValue<string>().Replace("'", "\\'", StringComparison.Ordinal) + "'",
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            _ => v.ToJsonString(),
        },
        _ => value.ToJsonString(),
    };

    public static bool IsInteger(JsonNode? value) =>
        value is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out _);

    private static JsonValueKind Kind(JsonNode? value) => value?.GetValueKind() ?? JsonValueKind.Null;

    private static string NotOfType(JsonNode? value, string types) => $"{Repr(value)} is not of type {types}";

    private static string? NullableString(JsonNode? value, int? maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (Kind(value) != JsonValueKind.String)
        {
            return NotOfType(value, "'null', 'string'");
        }

        return maxLength is { } max && value.GetValue<string>().Length > max ? $"{Repr(value)} is too long" : null;
    }

    private static string? Enum(JsonNode? value, IEnumerable<string?> allowed)
    {
        var text = value?.GetValue<string>();
        if (allowed.Contains(text))
        {
            return null;
        }

        var list = new StringBuilder("[");
        list.AppendJoin(", ", allowed.Select(a => a is null ? "None" : $"'{a}'"));
        list.Append(']');
        return string.Create(CultureInfo.InvariantCulture, $"{Repr(value)} is not one of {list}");
    }

    private static string? ValidateTags(JsonNode? value)
    {
        if (value is not JsonArray tags)
        {
            return NotOfType(value, "'array'");
        }

        foreach (var tag in tags)
        {
            if (Kind(tag) != JsonValueKind.String)
            {
                return NotOfType(tag, "'string'");
            }

            if (tag!.GetValue<string>().Length > 255)
            {
                return $"{Repr(tag)} is too long";
            }
        }

        return null;
    }

    [GeneratedRegex("^([0-9a-fA-F]){8}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){4}-([0-9a-fA-F]){12}$")]
    private static partial Regex UuidPattern();
}
