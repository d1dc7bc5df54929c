using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox.Data;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>Image and member JSON, field for field (and in the order) Glance writes them.</summary>
internal static class Views
{
    public static JsonObject Image(ImageEntity image)
    {
        var view = new JsonObject();
        foreach (var property in image.Properties.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            view[property.Name] = property.Value;
        }

        view["name"] = image.Name;
        view["disk_format"] = image.DiskFormat;
        view["container_format"] = image.ContainerFormat;
        view["visibility"] = image.Visibility;
        view["size"] = image.Size;
        view["virtual_size"] = image.VirtualSize;
        view["status"] = image.Status;
        view["checksum"] = image.Checksum;
        view["protected"] = image.Protected;
        view["min_ram"] = image.MinRam;
        view["min_disk"] = image.MinDisk;
        view["owner"] = image.Owner;
        view["os_hidden"] = image.OsHidden;
        view["os_hash_algo"] = image.OsHashAlgo;
        view["os_hash_value"] = image.OsHashValue;
        view["id"] = image.Id;
        view["created_at"] = GlanceJson.Timestamp(image.CreatedAt);
        view["updated_at"] = GlanceJson.Timestamp(image.UpdatedAt);
        // Glance reads tags back from its database sorted; only its create/patch answers echo an unordered set.
        view["tags"] = new JsonArray([.. image.Tags.Select(t => t.Value).Order(StringComparer.Ordinal).Select(t => (JsonNode?)t)]);
        view["self"] = $"/v2/images/{image.Id}";
        view["file"] = $"/v2/images/{image.Id}/file";
        view["schema"] = "/v2/schemas/image";
        return view;
    }

    public static JsonObject Member(MemberEntity member) => new()
    {
        ["member_id"] = member.MemberId,
        ["image_id"] = member.ImageId,
        ["status"] = member.Status,
        ["created_at"] = GlanceJson.Timestamp(member.CreatedAt),
        ["updated_at"] = GlanceJson.Timestamp(member.UpdatedAt),
        ["schema"] = "/v2/schemas/member",
    };

    public static JsonObject Members(IEnumerable<MemberEntity> members) => new()
    {
        ["members"] = new JsonArray([.. members.Select(m => (JsonNode?)Member(m))]),
        ["schema"] = "/v2/schemas/members",
    };
}
