using System.Net;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Members;

/// <summary><c>DELETE .../members/{member}</c>: the owner revokes; a consumer cannot remove itself (it rejects instead).</summary>
public sealed class RemoveMemberTests(ContractEnvironment environment) : ContractTest(environment)
{
    [Fact]
    public async Task The_owner_removes_a_member_204_and_the_consumer_loses_access()
    {
        var image = await ShareWithConsumerAsync("accepted");

        var response = await Producer.DeleteAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertStatus(HttpStatusCode.NoContent, response);
        Assert.Equal(string.Empty, response.Text);
        AssertError(HttpStatusCode.NotFound, await Producer.GetAsync($"/v2/images/{image}/members/{ConsumerProject}"));
        AssertError(HttpStatusCode.NotFound, await Consumer.GetAsync($"/v2/images/{image}"));
    }

    [Fact]
    public async Task A_member_deleting_itself_is_403()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Consumer.DeleteAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertError(HttpStatusCode.Forbidden, response);
        AssertStatus(HttpStatusCode.OK, await Producer.GetAsync($"/v2/images/{image}/members/{ConsumerProject}"));
    }

    [Fact]
    public async Task Removing_a_member_that_is_not_there_is_404()
    {
        var image = await CreateImageAsync();

        var response = await Producer.DeleteAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertError(HttpStatusCode.NotFound, response, $"{ConsumerProject} not found in the member list of the image {image}.");
    }

    [Fact]
    public async Task A_stranger_removing_a_member_is_404()
    {
        var image = await ShareWithConsumerAsync();

        var response = await Stranger.DeleteAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertError(HttpStatusCode.NotFound, response, $"Image {image} not found.");
    }

    [Fact]
    public async Task Removing_a_member_of_a_private_image_is_403()
    {
        var image = await CreateImageAsync("private");

        var response = await Producer.DeleteAsync($"/v2/images/{image}/members/{ConsumerProject}");

        AssertError(HttpStatusCode.Forbidden, response, $"Not allowed to delete members for image {image}.");
    }
}
