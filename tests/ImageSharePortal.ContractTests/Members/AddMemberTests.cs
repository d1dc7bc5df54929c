using System.Net;
using System.Text.Json.Nodes;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Members;

/// <summary><c>POST /v2/images/{id}/members</c>: only the owner shares, only shared images have members, within the quota.</summary>
public sealed class AddMemberTests(ContractEnvironment environment) : ContractTest(environment)
{
    [Fact]
    public async Task Owner_adds_a_member_and_gets_200_with_status_pending()
    {
        var image = await CreateImageAsync();

        var response = await Producer.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = ConsumerProject });

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal(ConsumerProject, response["member_id"]);
        Assert.Equal(image, response["image_id"]);
        Assert.Equal("pending", response["status"]);
        Assert.Equal("/v2/schemas/member", response["schema"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", response["created_at"]);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", response["updated_at"]);
    }

    [Fact]
    public async Task Adding_the_same_member_twice_is_409_duplicated()
    {
        var image = await CreateImageAsync();
        await AddMemberAsync(image, ConsumerProject);

        var response = await Producer.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = ConsumerProject });

        AssertError(HttpStatusCode.Conflict, response, $"Member {ConsumerProject} is duplicated for image {image}");
    }

    [Fact]
    public async Task Adding_one_member_past_the_quota_is_413()
    {
        var image = await CreateImageAsync();
        var quota = Env.MemberQuota;
        await Parallel.ForEachAsync(
            Enumerable.Range(1, quota),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken },
            async (i, _) => await AddMemberAsync(image, $"{CaseTag}-member-{i:D3}"));

        var response = await Producer.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = ConsumerProject });

        AssertError(HttpStatusCode.RequestEntityTooLarge, response, $"Image member limit exceeded for image {image}");
        Assert.Contains($"Attempted: {quota + 1}, Maximum: {quota}", response.Message, StringComparison.Ordinal);
        var members = await Producer.GetAsync($"/v2/images/{image}/members");
        Assert.Equal(quota, members.Body["members"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_member_that_is_not_the_owner_cannot_add_members_403()
    {
        var image = await ShareWithConsumerAsync("accepted");

        var response = await Consumer.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = StrangerProject });

        AssertError(HttpStatusCode.Forbidden, response);
    }

    [Fact]
    public async Task A_stranger_adding_a_member_gets_404_image_not_found()
    {
        var image = await CreateImageAsync();

        var response = await Stranger.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = StrangerProject });

        AssertError(HttpStatusCode.NotFound, response, $"Image {image} not found.");
    }

    [Fact]
    public async Task Adding_a_member_to_an_unknown_image_is_404()
    {
        var unknown = Guid.NewGuid().ToString();

        var response = await Producer.PostAsync($"/v2/images/{unknown}/members", new JsonObject { ["member"] = ConsumerProject });

        AssertError(HttpStatusCode.NotFound, response, $"Image {unknown} not found.");
    }

    [Theory]
    [InlineData("private")]
    [InlineData("community")]
    public async Task Adding_a_member_to_a_non_shared_image_is_403(string visibility)
    {
        var image = await CreateImageAsync(visibility);

        var response = await Producer.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = ConsumerProject });

        AssertError(HttpStatusCode.Forbidden, response, $"Not allowed to create members for image {image}.");
    }

    [Fact]
    public async Task Adding_a_member_to_a_public_image_is_403()
    {
        Assert.SkipUnless(Env.HasAdmin, "Making an image public needs an admin identity (ISP_OS_ADMIN_USER for a real Glance).");
        var image = await CreateImageAsync("public", owner: Role.Admin);

        var response = await Env.Client(Role.Admin).PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = ConsumerProject });

        AssertError(HttpStatusCode.Forbidden, response, $"Not allowed to create members for image {image}.");
    }

    [Fact]
    public async Task Adding_without_a_member_is_400_member_not_specified()
    {
        var image = await CreateImageAsync();

        var response = await Producer.PostAsync($"/v2/images/{image}/members", new JsonObject());

        AssertError(HttpStatusCode.BadRequest, response, "Member to be added not specified");
    }

    [Fact]
    public async Task Adding_an_empty_member_is_400()
    {
        var image = await CreateImageAsync();

        var response = await Producer.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = string.Empty });

        AssertError(HttpStatusCode.BadRequest, response, "Member can't be empty");
    }

    [Fact]
    public async Task Any_non_empty_member_id_is_accepted_without_checking_that_the_project_exists()
    {
        var image = await CreateImageAsync();

        var response = await Producer.PostAsync($"/v2/images/{image}/members", new JsonObject { ["member"] = "no-such-project-" + CaseTag });

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal("pending", response["status"]);
    }
}
