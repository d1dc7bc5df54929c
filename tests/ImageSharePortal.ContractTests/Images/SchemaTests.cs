using System.Net;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Images;

/// <summary><c>/v2/schemas/*</c>: the JSON schemas clients may read.</summary>
public sealed class SchemaTests(ContractEnvironment environment) : ContractTest(environment)
{
    [Theory]
    [InlineData("member")]
    [InlineData("members")]
    [InlineData("image")]
    [InlineData("images")]
    public async Task Schemas_are_200_json_named_after_the_resource(string name)
    {
        var response = await Consumer.GetAsync($"/v2/schemas/{name}");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal(name, response["name"]);
        Assert.NotNull(response.Body["properties"]);
    }

    [Fact]
    public async Task The_member_schema_lists_the_three_statuses()
    {
        var response = await Stranger.GetAsync("/v2/schemas/member");

        var statuses = response.Body["properties"]!["status"]!["enum"]!.AsArray().Select(s => s!.GetValue<string>());
        Assert.Equal(["pending", "accepted", "rejected"], statuses);
    }
}
