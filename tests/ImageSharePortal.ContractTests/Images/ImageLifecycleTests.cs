using System.Net;
using System.Text.Json.Nodes;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Images;

/// <summary><c>POST</c>, <c>GET</c>, <c>PATCH</c> and <c>DELETE /v2/images/{id}</c>, and who can see what.</summary>
public sealed class ImageLifecycleTests(ContractEnvironment environment) : ContractTest(environment)
{
    private static readonly string[] ImageFields =
    [
        "id", "name", "owner", "visibility", "status", "size", "virtual_size", "disk_format", "container_format", "min_disk",
        "min_ram", "checksum", "os_hash_algo", "os_hash_value", "protected", "os_hidden", "tags", "created_at", "updated_at",
        "self", "file", "schema",
    ];

    [Fact]
    public async Task Creating_an_image_is_201_shared_and_queued_and_owned_by_the_caller()
    {
        var body = new JsonObject
        {
            ["name"] = $"{CaseTag} Ubuntu 24.04",
            ["disk_format"] = "qcow2",
            ["container_format"] = "bare",
            ["min_disk"] = 10,
            ["min_ram"] = 1024,
            ["tags"] = new JsonArray(CaseTag, "lts"),
            ["os_distro"] = "ubuntu",
            ["os_version"] = "24.04",
        };

        var response = await Producer.PostAsync("/v2/images", body);

        AssertStatus(HttpStatusCode.Created, response);
        var id = response["id"]!;
        Track(id);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", id);
        Assert.All(ImageFields, f => Assert.True(response.Body.ContainsKey(f), $"missing {f} in {response.Text}"));
        Assert.Equal("shared", response["visibility"]);
        Assert.Equal("queued", response["status"]);
        Assert.Equal(ProducerProject, response["owner"]);
        Assert.Equal("ubuntu", response["os_distro"]);
        Assert.Equal("24.04", response["os_version"]);
        Assert.Equal(10, response.Body["min_disk"]!.GetValue<int>());
        Assert.Equal(1024, response.Body["min_ram"]!.GetValue<int>());
        Assert.Null(response.Body["size"]);
        Assert.Null(response.Body["checksum"]);
        Assert.False(response.Body["protected"]!.GetValue<bool>());
        Assert.Equal([CaseTag, "lts"], response.Body["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal($"/v2/images/{id}", response["self"]);
        Assert.Equal($"/v2/images/{id}/file", response["file"]);
        Assert.Equal("/v2/schemas/image", response["schema"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", response["created_at"]);
        Assert.EndsWith($"/v2/images/{id}", response.Headers.Location?.ToString(), StringComparison.Ordinal);

        var fetched = await Producer.GetAsync($"/v2/images/{id}");
        AssertStatus(HttpStatusCode.OK, fetched);
        // Glance keeps tags in a set: the order differs between its answers, the content does not.
        Assert.Equal(WithSortedTags(response.Body), WithSortedTags(fetched.Body));
    }

    private static string WithSortedTags(JsonNode body)
    {
        var copy = body.DeepClone().AsObject();
        copy["tags"] = new JsonArray([.. copy["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t))]);
        return copy.ToJsonString();
    }

    [Fact]
    public async Task Creating_a_public_image_without_admin_is_403_publicize_image()
    {
        var response = await Producer.PostAsync("/v2/images", new JsonObject { ["name"] = CaseTag, ["visibility"] = "public" });

        AssertError(HttpStatusCode.Forbidden, response, "publicize_image");
    }

    [Fact]
    public async Task Creating_with_a_read_only_attribute_is_403()
    {
        var response = await Producer.PostAsync("/v2/images", new JsonObject { ["name"] = CaseTag, ["status"] = "active" });

        AssertError(HttpStatusCode.Forbidden, response, "Attribute 'status' is read-only.");
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("rejected")]
    public async Task A_member_can_get_the_image_by_id_whatever_its_status(string status)
    {
        var image = await ShareWithConsumerAsync(status);

        var response = await Consumer.GetAsync($"/v2/images/{image}");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal(image, response["id"]);
    }

    [Fact]
    public async Task A_stranger_cannot_see_a_shared_image_404()
    {
        var image = await ShareWithConsumerAsync("accepted");

        var response = await Stranger.GetAsync($"/v2/images/{image}");

        AssertError(HttpStatusCode.NotFound, response, $"No image found with ID {image}");
        Assert.DoesNotContain(image, (await Stranger.GetAsync($"/v2/images?visibility=all&tag={CaseTag}")).Ids("images"));
    }

    [Fact]
    public async Task The_owner_patches_name_visibility_properties_and_tags()
    {
        var image = await CreateImageAsync(extra: new JsonObject { ["os_distro"] = "debian", ["legacy"] = "yes" });
        var changes = new JsonArray(
            Op("replace", "/name", $"{CaseTag} renamed"),
            Op("replace", "/visibility", "private"),
            Op("replace", "/min_disk", 20),
            Op("add", "/os_version", "12"),
            Op("replace", "/os_distro", "debian-cloud"),
            Op("remove", "/legacy"),
            Op("replace", "/tags", new JsonArray(CaseTag, "patched")));

        var response = await Producer.PatchAsync($"/v2/images/{image}", changes);

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal($"{CaseTag} renamed", response["name"]);
        Assert.Equal("private", response["visibility"]);
        Assert.Equal(20, response.Body["min_disk"]!.GetValue<int>());
        Assert.Equal("12", response["os_version"]);
        Assert.Equal("debian-cloud", response["os_distro"]);
        Assert.False(response.Body.ContainsKey("legacy"));
        Assert.Equal([CaseTag, "patched"], response.Body["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal("private", (await Producer.GetAsync($"/v2/images/{image}"))["visibility"]);
    }

    [Fact]
    public async Task Patching_with_a_plain_json_content_type_is_415()
    {
        var image = await CreateImageAsync();

        var response = await Producer.PatchAsync($"/v2/images/{image}", new JsonArray(Op("replace", "/name", "x")), "application/json");

        AssertStatus(HttpStatusCode.UnsupportedMediaType, response);
        Assert.Contains("application/openstack-images-v2.1-json-patch", string.Join(',', response.Headers.GetValues("Accept-Patch")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Making_an_image_public_without_admin_is_403_publicize_image()
    {
        var image = await CreateImageAsync();

        var response = await Producer.PatchAsync($"/v2/images/{image}", new JsonArray(Op("replace", "/visibility", "public")));

        AssertError(HttpStatusCode.Forbidden, response, "publicize_image");
    }

    [Fact]
    public async Task A_member_patching_the_image_is_403_and_a_stranger_404()
    {
        var image = await ShareWithConsumerAsync("accepted");

        AssertError(HttpStatusCode.Forbidden, await Consumer.PatchAsync($"/v2/images/{image}", new JsonArray(Op("replace", "/name", "mine"))));
        AssertError(HttpStatusCode.NotFound, await Stranger.PatchAsync($"/v2/images/{image}", new JsonArray(Op("replace", "/name", "mine"))));
    }

    [Fact]
    public async Task Patching_a_missing_property_is_409_and_a_read_only_one_403()
    {
        var image = await CreateImageAsync();

        AssertError(HttpStatusCode.Conflict, await Producer.PatchAsync($"/v2/images/{image}", new JsonArray(Op("remove", "/not_there"))), "Property not_there does not exist.");
        AssertError(HttpStatusCode.Forbidden, await Producer.PatchAsync($"/v2/images/{image}", new JsonArray(Op("replace", "/status", "active"))), "Attribute 'status' is read-only.");
    }

    [Fact]
    public async Task The_owner_deletes_an_image_204_and_its_members_go_with_it()
    {
        var image = await ShareWithConsumerAsync("accepted");

        var response = await Producer.DeleteAsync($"/v2/images/{image}");

        AssertStatus(HttpStatusCode.NoContent, response);
        AssertError(HttpStatusCode.NotFound, await Producer.GetAsync($"/v2/images/{image}"));
        AssertError(HttpStatusCode.NotFound, await Consumer.GetAsync($"/v2/images/{image}"));
        AssertError(HttpStatusCode.NotFound, await Producer.GetAsync($"/v2/images/{image}/members"));
    }

    [Fact]
    public async Task A_member_deleting_the_image_is_403_and_a_protected_image_cannot_be_deleted()
    {
        var image = await ShareWithConsumerAsync("accepted");

        AssertError(HttpStatusCode.Forbidden, await Consumer.DeleteAsync($"/v2/images/{image}"));

        AssertStatus(HttpStatusCode.OK, await Producer.PatchAsync($"/v2/images/{image}", new JsonArray(Op("replace", "/protected", true))));
        AssertError(HttpStatusCode.Forbidden, await Producer.DeleteAsync($"/v2/images/{image}"), "is protected and cannot be deleted");
    }

    private static JsonObject Op(string op, string path, JsonNode? value = null)
    {
        var change = new JsonObject { ["op"] = op, ["path"] = path };
        if (op != "remove")
        {
            change["value"] = value;
        }

        return change;
    }
}
