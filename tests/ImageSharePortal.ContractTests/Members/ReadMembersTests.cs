using System.Net;
using System.Text.Json.Nodes;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Members;

/// <summary><c>GET .../members</c> and <c>GET .../members/{member}</c>: the owner sees all, a member only itself, others nothing.</summary>
public sealed class ReadMembersTests(ContractEnvironment environment) : ContractTest(environment)
{
    [Fact]
    public async Task Owner_lists_all_members_in_the_order_they_were_added()
    {
        var image = await ShareWithConsumerAsync();
        var other = "other-" + CaseTag;
        await AddMemberAsync(image, other);

        var response = await Producer.GetAsync($"/v2/images/{image}/members");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal("/v2/schemas/members", response["schema"]);
        var members = response.Body["members"]!.AsArray();
        Assert.Equal([ConsumerProject, other], members.Select(m => m!["member_id"]!.GetValue<string>()));
        Assert.All(members, m => Assert.Equal("/v2/schemas/member", m!["schema"]!.GetValue<string>()));
        Assert.Null(response.Body["next"]);
    }

    [Fact]
    public async Task A_member_lists_only_itself()
    {
        var image = await ShareWithConsumerAsync();
        await AddMemberAsync(image, "other-" + CaseTag);

        var response = await Consumer.GetAsync($"/v2/images/{image}/members");

        AssertStatus(HttpStatusCode.OK, response);
        var member = Assert.Single(response.Body["members"]!.AsArray());
        Assert.Equal(ConsumerProject, member!["member_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_stranger_listing_members_gets_404()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Stranger.GetAsync($"/v2/images/{image}/members");

        AssertError(HttpStatusCode.NotFound, response, $"Image {image} not found.");
    }

    [Fact]
    public async Task Listing_members_of_a_non_shared_image_is_403_only_shared_images_have_members()
    {
        var image = await CreateImageAsync("private");

        var response = await Producer.GetAsync($"/v2/images/{image}/members");

        AssertError(HttpStatusCode.Forbidden, response, "Only shared images have members.");
    }

    [Fact]
    public async Task Members_outlive_a_visibility_change_but_are_inert_while_the_image_is_not_shared()
    {
        var image = await ShareWithConsumerAsync("accepted");
        await PatchVisibilityAsync(image, "private");

        AssertError(HttpStatusCode.NotFound, await Consumer.GetAsync($"/v2/images/{image}"));
        AssertError(HttpStatusCode.Forbidden, await Producer.GetAsync($"/v2/images/{image}/members"));

        await PatchVisibilityAsync(image, "shared");
        var members = await Producer.GetAsync($"/v2/images/{image}/members");
        var member = Assert.Single(members.Body["members"]!.AsArray());
        Assert.Equal("accepted", member!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Owner_gets_a_member_200()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Producer.GetAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal(ConsumerProject, response["member_id"]);
        Assert.Equal("pending", response["status"]);
    }

    [Fact]
    public async Task A_member_gets_its_own_membership_200()
    {
        var image = await ShareWithConsumerAsync("rejected");

        var response = await Consumer.GetAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal("rejected", response["status"]);
    }

    [Fact]
    public async Task A_member_getting_another_member_gets_404()
    {
        var image = await ShareWithConsumerAsync();
        var other = "other-" + CaseTag;
        await AddMemberAsync(image, other);

        var response = await Consumer.GetAsync($"/v2/images/{image}/members/{other}");

        AssertError(HttpStatusCode.NotFound, response, $"{other} not found in the member list of the image {image}.");
    }

    [Fact]
    public async Task A_stranger_getting_a_member_gets_404()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Stranger.GetAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertError(HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task Getting_a_member_of_a_non_shared_image_is_404()
    {
        var image = await CreateImageAsync("community");

        var response = await Producer.GetAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertError(HttpStatusCode.NotFound, response, "Only shared images have members.");
    }

    private async Task PatchVisibilityAsync(string image, string visibility)
    {
        var response = await Producer.PatchAsync($"/v2/images/{image}", new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/visibility", ["value"] = visibility }));
        AssertStatus(HttpStatusCode.OK, response);
    }
}
