using System.Net;
using System.Text.Json.Nodes;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Members;

/// <summary><c>PUT .../members/{member}</c>: only the member itself decides; the owner may not accept for it.</summary>
public sealed class MemberStatusTests(ContractEnvironment environment) : ContractTest(environment)
{
    [Fact]
    public async Task The_owner_setting_a_member_status_is_403()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Producer.PutAsync($"/v2/images/{image}/members/{ConsumerProject}", new JsonObject { ["status"] = "accepted" });

        AssertError(HttpStatusCode.Forbidden, response);
        var member = await Producer.GetAsync($"/v2/images/{image}/members/{ConsumerProject}");
        Assert.Equal("pending", member["status"]);
    }

    [Fact]
    public async Task The_member_accepts_rejects_and_goes_back_to_pending_200()
    {
        var image = await ShareWithConsumerAsync();

        foreach (var status in new[] { "accepted", "rejected", "pending", "accepted" })
        {
            var response = await Consumer.PutAsync($"/v2/images/{image}/members/{ConsumerProject}", new JsonObject { ["status"] = status });

            AssertStatus(HttpStatusCode.OK, response);
            Assert.Equal(status, response["status"]);
            Assert.Equal(ConsumerProject, response["member_id"]);
            Assert.Equal(image, response["image_id"]);
        }

        var seenByOwner = await Producer.GetAsync($"/v2/images/{image}/members/{ConsumerProject}");
        Assert.Equal("accepted", seenByOwner["status"]);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("ACCEPTED")]
    public async Task A_bad_status_is_400(string status)
    {
        var image = await ShareWithConsumerAsync();

        var response = await Consumer.PutAsync($"/v2/images/{image}/members/{ConsumerProject}", new JsonObject { ["status"] = status });

        AssertError(HttpStatusCode.BadRequest, response, "Status must be \"pending\", \"accepted\" or \"rejected\".");
    }

    [Fact]
    public async Task A_missing_status_is_400()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Consumer.PutAsync($"/v2/images/{image}/members/{ConsumerProject}", new JsonObject());

        AssertError(HttpStatusCode.BadRequest, response, "Status not specified");
    }

    [Fact]
    public async Task A_stranger_setting_a_status_is_404()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Stranger.PutAsync($"/v2/images/{image}/members/{ConsumerProject}", new JsonObject { ["status"] = "accepted" });

        AssertError(HttpStatusCode.NotFound, response);
    }

    [Fact]
    public async Task A_member_setting_another_members_status_is_404()
    {
        var image = await ShareWithConsumerAsync();
        var other = "other-" + CaseTag;
        await AddMemberAsync(image, other);

        var response = await Consumer.PutAsync($"/v2/images/{image}/members/{other}", new JsonObject { ["status"] = "accepted" });

        AssertError(HttpStatusCode.NotFound, response, $"{other} not found in the member list of the image {image}.");
    }
}
