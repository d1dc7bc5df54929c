using System.Net;
using ImageSharePortal.Images;

namespace ImageSharePortal.UnitTests.Images;

/// <summary>What people read when the Images API refuses or fails: Glance's own sentence for a refusal, never its internals for a failure.</summary>
public sealed class ImagesErrorMapperTests
{
    [Fact]
    public void A_refusal_keeps_glances_sentence_without_its_line_breaks()
    {
        var error = ImagesErrorMapper.FromResponse(HttpStatusCode.Forbidden,
            """{"message":"Not allowed to create members for image img-1.<br /><br />","code":"403 Forbidden"}""");
        Assert.Equal(ImagesErrorKind.Forbidden, error.Kind);
        Assert.Equal("Not allowed to create members for image img-1.", error.Message);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData((HttpStatusCode)418)]
    public void An_internal_error_is_a_sentence_and_never_the_servers_text(HttpStatusCode status)
    {
        var body = """{"message":"Traceback (most recent call last): File \"/usr/lib/python3/dist-packages/glance/api/v2/image_members.py\", line 92, KeyError: 'owner'"}""";

        var error = ImagesErrorMapper.FromResponse(status, body);

        Assert.Equal(ImagesErrorKind.Unexpected, error.Kind);
        Assert.DoesNotContain("/usr/lib", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Traceback", error.Message, StringComparison.Ordinal);
        Assert.Contains($"answered {(int)status}", error.Message, StringComparison.Ordinal);
        Assert.Contains("try again", error.Message, StringComparison.Ordinal);
    }
}
