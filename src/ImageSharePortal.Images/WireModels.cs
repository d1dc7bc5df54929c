using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageSharePortal.Images;

/// <summary>An image as Glance v2 returns it. Unknown properties (custom image properties) land in <see cref="Extra"/>.</summary>
public sealed class GlanceImage
{
    [JsonPropertyName("id")] public string Id { get; set; } = "";
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("owner")] public string? Owner { get; set; }
    [JsonPropertyName("visibility")] public string Visibility { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("size")] public long? Size { get; set; }
    [JsonPropertyName("disk_format")] public string? DiskFormat { get; set; }
    [JsonPropertyName("container_format")] public string? ContainerFormat { get; set; }
    [JsonPropertyName("min_disk")] public int? MinDisk { get; set; }
    [JsonPropertyName("min_ram")] public int? MinRam { get; set; }
    [JsonPropertyName("checksum")] public string? Checksum { get; set; }
    [JsonPropertyName("protected")] public bool? Protected { get; set; }
    [JsonPropertyName("tags")] public List<string>? Tags { get; set; }
    [JsonPropertyName("created_at")] public DateTimeOffset? CreatedAt { get; set; }
    [JsonPropertyName("updated_at")] public DateTimeOffset? UpdatedAt { get; set; }
    [JsonPropertyName("os_distro")] public string? OsDistro { get; set; }
    [JsonPropertyName("os_version")] public string? OsVersion { get; set; }

    [JsonExtensionData] public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed class GlanceImageList
{
    [JsonPropertyName("images")] public List<GlanceImage> Images { get; set; } = [];
    [JsonPropertyName("first")] public string? First { get; set; }
    [JsonPropertyName("next")] public string? Next { get; set; }
    [JsonPropertyName("schema")] public string? Schema { get; set; }
}

public sealed class GlanceMember
{
    [JsonPropertyName("member_id")] public string MemberId { get; set; } = "";
    [JsonPropertyName("image_id")] public string ImageId { get; set; } = "";
    [JsonPropertyName("status")] public string Status { get; set; } = "";
    [JsonPropertyName("created_at")] public DateTimeOffset? CreatedAt { get; set; }
    [JsonPropertyName("updated_at")] public DateTimeOffset? UpdatedAt { get; set; }
    [JsonPropertyName("schema")] public string? Schema { get; set; }
}

public sealed class GlanceMemberList
{
    [JsonPropertyName("members")] public List<GlanceMember> Members { get; set; } = [];
    [JsonPropertyName("schema")] public string? Schema { get; set; }
}

public sealed record AddMemberRequest([property: JsonPropertyName("member")] string Member);

public sealed record MemberStatusRequest([property: JsonPropertyName("status")] string Status);

public sealed class CreateImageRequest
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("visibility")] public string? Visibility { get; set; }
    [JsonPropertyName("disk_format")] public string? DiskFormat { get; set; }
    [JsonPropertyName("container_format")] public string? ContainerFormat { get; set; }
    [JsonPropertyName("min_disk")] public int? MinDisk { get; set; }
    [JsonPropertyName("min_ram")] public int? MinRam { get; set; }
    [JsonPropertyName("tags")] public List<string>? Tags { get; set; }
    [JsonExtensionData] public Dictionary<string, JsonElement>? Properties { get; set; }
}

/// <summary>One operation of Glance's JSON patch (<c>application/openstack-images-v2.1-json-patch</c>).</summary>
public sealed record JsonPatchOperation(
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("value")] JsonElement? Value = null)
{
    public static JsonPatchOperation Replace(string path, string value) =>
        new("replace", path, JsonSerializer.SerializeToElement(value, ImagesJsonContext.Default.String));
}

/// <summary>The JSON error body Glance sends when asked with <c>Accept: application/json</c>.</summary>
public sealed class GlanceErrorBody
{
    [JsonPropertyName("message")] public string? Message { get; set; }
    [JsonPropertyName("code")] public string? Code { get; set; }
    [JsonPropertyName("title")] public string? Title { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GlanceImage))]
[JsonSerializable(typeof(GlanceImageList))]
[JsonSerializable(typeof(GlanceMember))]
[JsonSerializable(typeof(GlanceMemberList))]
[JsonSerializable(typeof(AddMemberRequest))]
[JsonSerializable(typeof(MemberStatusRequest))]
[JsonSerializable(typeof(CreateImageRequest))]
[JsonSerializable(typeof(List<JsonPatchOperation>))]
[JsonSerializable(typeof(GlanceErrorBody))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
public sealed partial class ImagesJsonContext : JsonSerializerContext;
