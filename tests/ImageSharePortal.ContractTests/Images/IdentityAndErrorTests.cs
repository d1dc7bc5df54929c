using System.Net;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Images;

/// <summary>Callers without identity, and the shape of error bodies.</summary>
public sealed class IdentityAndErrorTests(ContractEnvironment environment) : ContractTest(environment)
{
    [Fact]
    public async Task A_call_without_identity_is_401()
    {
        var response = await Env.Anonymous().GetAsync("/v2/images");

        AssertError(HttpStatusCode.Unauthorized, response);
    }

    [Fact]
    public async Task Errors_are_json_with_message_code_and_title_when_json_is_accepted()
    {
        var unknown = Guid.NewGuid().ToString();

        var response = await Producer.GetAsync($"/v2/images/{unknown}");

        AssertError(HttpStatusCode.NotFound, response, unknown);
        Assert.Equal("404 Not Found", response["code"]);
        Assert.Equal("Not Found", response["title"]);
    }

    [Fact]
    public async Task Errors_are_html_when_json_is_not_accepted()
    {
        var response = await Producer.GetAsync($"/v2/images/{Guid.NewGuid()}", accept: "text/html");

        AssertStatus(HttpStatusCode.NotFound, response);
        Assert.Equal("text/html", response.ContentType);
        Assert.Contains("<h1>404 Not Found</h1>", response.Text, StringComparison.Ordinal);
    }
}
