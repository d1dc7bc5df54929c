using System.Net;
using ImageSharePortal.Images;
using RichardSzalay.MockHttp;

namespace ImageSharePortal.UnitTests.Images;

public sealed class ImagesClientTests
{
    private const string Json = "application/json";
    private const string ImageJson = """{"id":"img1","name":"Debian 12","owner":"prodproject","visibility":"shared","status":"active","size":1024,"os_distro":"debian","created_at":"2026-11-26T21:45:01Z"}""";
    private const string MemberJson = """{"member_id":"cons1","image_id":"img1","status":"pending","created_at":"2026-11-26T21:45:01Z","updated_at":"2026-11-26T21:45:01Z","schema":"/v2/schemas/member"}""";

    private static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListImages_sends_filters_identity_headers_and_reads_next_marker()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images")
            .WithExactQueryString("visibility=shared&member_status=pending&limit=5")
            .WithHeaders("Accept", Json)
            .WithHeaders("X-Identity-Status", "Confirmed")
            .WithHeaders("X-Project-Id", "prodproject")
            .WithHeaders("X-User-Id", "produser")
            .WithHeaders("X-Roles", "member,reader")
            .Respond(Json, $$"""{"images":[{{ImageJson}}],"first":"/v2/images","next":"/v2/images?marker=img1&limit=5","schema":"/v2/schemas/images"}""");

        var result = await f.Client.ListImagesAsync(new ImageListQuery { Visibility = "shared", MemberStatus = "pending", Limit = 5 }, Ct);

        Assert.True(result.IsSuccess);
        var image = Assert.Single(result.Value.Images);
        Assert.Equal("Debian 12", image.Name);
        Assert.Equal("debian", image.OsDistro);
        Assert.Equal("img1", result.Value.NextMarker);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task ListAllImages_follows_next_until_the_last_page_keeping_filters()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images").WithExactQueryString("owner=prodproject")
            .Respond(Json, """{"images":[{"id":"a","visibility":"shared","status":"active"}],"next":"/v2/images?owner=prodproject&marker=a"}""");
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images").WithExactQueryString("owner=prodproject&marker=a")
            .Respond(Json, """{"images":[{"id":"b","visibility":"shared","status":"active"}]}""");

        var result = await f.Client.ListAllImagesAsync(new ImageListQuery { Owner = "prodproject" }, cancellationToken: Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(["a", "b"], result.Value.Select(i => i.Id));
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task GetImage_reads_the_image()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images/img1").Respond(Json, ImageJson);

        var result = await f.Client.GetImageAsync("img1", Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal("prodproject", result.Value.Owner);
        Assert.Equal(1024, result.Value.Size);
    }

    [Fact]
    public async Task CreateImage_posts_the_image_and_custom_properties()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Post, $"{ImagesClientFixture.BaseUrl}/v2/images")
            .WithPartialContent("\"name\":\"Debian 12\"")
            .WithPartialContent("\"os_distro\":\"debian\"")
            .Respond(HttpStatusCode.Created, Json, ImageJson);

        var result = await f.Client.CreateImageAsync(new CreateImageRequest
        {
            Name = "Debian 12",
            Properties = new() { ["os_distro"] = System.Text.Json.JsonSerializer.SerializeToElement("debian", ImagesJsonContext.Default.String) },
        }, Ct);

        Assert.True(result.IsSuccess);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task SetVisibility_sends_a_glance_json_patch()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Patch, $"{ImagesClientFixture.BaseUrl}/v2/images/img1")
            .With(r => r.Content?.Headers.ContentType?.MediaType == "application/openstack-images-v2.1-json-patch")
            .WithContent("""[{"op":"replace","path":"/visibility","value":"shared"}]""")
            .Respond(Json, ImageJson);

        var result = await f.Client.SetVisibilityAsync("img1", "shared", Ct);

        Assert.True(result.IsSuccess);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task DeleteImage_accepts_204()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Delete, $"{ImagesClientFixture.BaseUrl}/v2/images/img1").Respond(HttpStatusCode.NoContent);

        var result = await f.Client.DeleteImageAsync("img1", Ct);

        Assert.True(result.IsSuccess);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task ListMembers_reads_members()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members")
            .Respond(Json, $$"""{"members":[{{MemberJson}}],"schema":"/v2/schemas/members"}""");

        var result = await f.Client.ListMembersAsync("img1", Ct);

        Assert.True(result.IsSuccess);
        var member = Assert.Single(result.Value);
        Assert.Equal("cons1", member.MemberId);
        Assert.Equal("pending", member.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 21, 45, 1, TimeSpan.Zero), member.CreatedAt);
    }

    [Fact]
    public async Task GetMember_reads_one_member()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members/cons1").Respond(Json, MemberJson);

        var result = await f.Client.GetMemberAsync("img1", "cons1", Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal("img1", result.Value.ImageId);
    }

    [Fact]
    public async Task AddMember_posts_the_member_and_reads_200()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Post, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members")
            .WithContent("""{"member":"cons1"}""")
            .Respond(Json, MemberJson);

        var result = await f.Client.AddMemberAsync("img1", "cons1", Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal("pending", result.Value.Status);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task UpdateMemberStatus_puts_the_status()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Put, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members/cons1")
            .WithContent("""{"status":"accepted"}""")
            .Respond(Json, MemberJson.Replace("pending", "accepted", StringComparison.Ordinal));

        var result = await f.Client.UpdateMemberStatusAsync("img1", "cons1", "accepted", Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal("accepted", result.Value.Status);
    }

    [Fact]
    public async Task RemoveMember_deletes_the_member()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Delete, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members/cons1").Respond(HttpStatusCode.NoContent);

        var result = await f.Client.RemoveMemberAsync("img1", "cons1", Ct);

        Assert.True(result.IsSuccess);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Member_schemas_are_read()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/schemas/member").Respond(Json, """{"name":"member","properties":{}}""");
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/schemas/members").Respond(Json, """{"name":"members","properties":{}}""");

        var member = await f.Client.GetMemberSchemaAsync(Ct);
        var members = await f.Client.GetMembersSchemaAsync(Ct);

        Assert.Equal("member", member.Value.GetProperty("name").GetString());
        Assert.Equal("members", members.Value.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, ImagesErrorKind.BadRequest, "Member to be added not specified")]
    [InlineData(HttpStatusCode.Forbidden, ImagesErrorKind.Forbidden, "Not allowed to create members for image img1.")]
    [InlineData(HttpStatusCode.NotFound, ImagesErrorKind.NotFound, "Image img1 not found.")]
    [InlineData(HttpStatusCode.Conflict, ImagesErrorKind.Conflict, "Member cons1 is duplicated for image img1")]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, ImagesErrorKind.QuotaExceeded, "Image member limit exceeded for image img1: attempted: 129, maximum: 128")]
    [InlineData(HttpStatusCode.Unauthorized, ImagesErrorKind.Unauthorized, "The request you have made requires authentication.")]
    public async Task Api_errors_become_typed_results_with_glance_message_without_br(HttpStatusCode status, ImagesErrorKind kind, string message)
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        var title = status.ToString();
        f.Http.When(HttpMethod.Post, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members")
            .Respond(status, Json, $$"""{"message":"{{message}}<br /><br />","code":"{{(int)status}} {{title}}","title":"{{title}}"}""");

        var result = await f.Client.AddMemberAsync("img1", "cons1", Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.Error.Kind);
        Assert.Equal(message, result.Error.Message);
        Assert.Equal(status, result.Error.StatusCode);
    }

    [Fact]
    public async Task Html_error_bodies_fall_back_to_a_plain_sentence()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.When(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images/img1")
            .Respond(HttpStatusCode.NotFound, "text/html", "<html><body><h1>404 Not Found</h1></body></html>");

        var result = await f.Client.GetImageAsync("img1", Ct);

        Assert.Equal(ImagesErrorKind.NotFound, result.Error!.Kind);
        Assert.Equal("The image or member was not found.", result.Error.Message);
    }

    [Fact]
    public async Task Idempotent_calls_are_retried_on_503_and_then_reported_unavailable()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        var get = f.Http.When(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images/img1").Respond(HttpStatusCode.ServiceUnavailable);

        var result = await f.Client.GetImageAsync("img1", Ct);

        Assert.Equal(ImagesErrorKind.Unavailable, result.Error!.Kind);
        Assert.Equal(3, f.Http.GetMatchCount(get));
    }

    [Fact]
    public async Task Adding_a_member_is_never_retried()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        var post = f.Http.When(HttpMethod.Post, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members").Respond(HttpStatusCode.ServiceUnavailable);

        var result = await f.Client.AddMemberAsync("img1", "cons1", Ct);

        Assert.Equal(ImagesErrorKind.Unavailable, result.Error!.Kind);
        Assert.Equal(1, f.Http.GetMatchCount(post));
    }

    [Fact]
    public async Task Network_failures_become_unavailable_not_exceptions()
    {
        await using var f = new ImagesClientFixture(ImagesClientFixture.Producer);
        f.Http.When(HttpMethod.Post, $"{ImagesClientFixture.BaseUrl}/v2/images/img1/members").Throw(new HttpRequestException("connection refused"));

        var result = await f.Client.AddMemberAsync("img1", "cons1", Ct);

        Assert.Equal(ImagesErrorKind.Unavailable, result.Error!.Kind);
        Assert.Equal(ImagesError.Unavailable.Message, result.Error.Message);
    }

    [Fact]
    public async Task A_keystone_token_is_sent_as_X_Auth_Token_and_no_trusted_headers()
    {
        var caller = new ImagesCaller("prodproject", "produser", ["member"], token: "gAAAA-secret-token");
        await using var f = new ImagesClientFixture(caller, new() { ["ImagesApi:Authentication"] = "KeystoneToken" });
        f.Http.Expect(HttpMethod.Get, $"{ImagesClientFixture.BaseUrl}/v2/images/img1")
            .WithHeaders("X-Auth-Token", "gAAAA-secret-token")
            .With(r => !r.Headers.Contains("X-Project-Id") && !r.Headers.Contains("X-Identity-Status"))
            .Respond(Json, ImageJson);

        var result = await f.Client.GetImageAsync("img1", Ct);

        Assert.True(result.IsSuccess);
        Assert.DoesNotContain("secret", caller.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_catalog_endpoint_of_the_caller_is_used_when_no_base_url_is_configured()
    {
        var caller = new ImagesCaller("p", "u", [], token: "t", imageEndpoint: new Uri("http://catalog-glance.test:9292/"));
        await using var f = new ImagesClientFixture(caller, new() { ["ImagesApi:BaseUrl"] = null, ["ImagesApi:Authentication"] = "KeystoneToken" });
        f.Http.Expect(HttpMethod.Get, "http://catalog-glance.test:9292/v2/images/img1").Respond(Json, ImageJson);

        var result = await f.Client.GetImageAsync("img1", Ct);

        Assert.True(result.IsSuccess);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Fact]
    public async Task Without_a_signed_in_caller_no_call_is_made()
    {
        await using var f = new ImagesClientFixture(caller: null);
        var any = f.Http.When("*").Respond(Json, ImageJson);

        var result = await f.Client.GetImageAsync("img1", Ct);

        Assert.Equal(ImagesErrorKind.Unauthorized, result.Error!.Kind);
        Assert.Equal(0, f.Http.GetMatchCount(any));
    }

    [Theory]
    [InlineData("/v2/images?marker=abc&limit=25", "abc")]
    [InlineData("/v2/images?limit=25&marker=a%2Fb", "a/b")]
    [InlineData("/v2/images?limit=25", null)]
    [InlineData(null, null)]
    public void Next_links_yield_their_marker(string? next, string? marker) =>
        Assert.Equal(marker, ImagesClient.MarkerOf(next));
}
