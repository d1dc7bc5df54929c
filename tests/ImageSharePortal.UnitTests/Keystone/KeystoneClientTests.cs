using System.Net;
using System.Text.Json;
using ImageSharePortal.Keystone;
using RichardSzalay.MockHttp;

namespace ImageSharePortal.UnitTests.Keystone;

public sealed class KeystoneClientTests
{
    private static readonly PasswordCredentials Alice = new("alice", "s3cret!", "Default");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Password_sign_in_asks_for_an_unscoped_token_with_a_content_length_and_reads_the_answer()
    {
        await using var f = new KeystoneFixture();
        string? body = null;
        long? length = null;
        f.Http.Expect(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens")
            .WithHeaders("Accept", "application/json")
            .Respond(async request =>
            {
                length = request.Content!.Headers.ContentLength;
                body = await request.Content.ReadAsStringAsync(Ct);
                return KeystoneFixture.Created(KeystoneFixture.TokenJson(projectId: null));
            });

        var result = await f.Client.AuthenticateAsync(Alice, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal("gAAAAAtoken", result.Value.Value);
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 3, 43, 41, TimeSpan.Zero), result.Value.ExpiresAt);
        Assert.Equal(new KeystoneUser("user1", "alice", "Default"), result.Value.User);
        Assert.Null(result.Value.Project);
        Assert.NotNull(length);
        using var json = JsonDocument.Parse(body!);
        var auth = json.RootElement.GetProperty("auth");
        Assert.Equal("unscoped", auth.GetProperty("scope").GetString());
        Assert.Equal("password", auth.GetProperty("identity").GetProperty("methods")[0].GetString());
        var user = auth.GetProperty("identity").GetProperty("password").GetProperty("user");
        Assert.Equal("alice", user.GetProperty("name").GetString());
        Assert.Equal("Default", user.GetProperty("domain").GetProperty("name").GetString());
        Assert.Equal("s3cret!", user.GetProperty("password").GetString());
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData("http://keystone.test:5000", "http://keystone.test:5000/v3/auth/tokens")]
    [InlineData("http://keystone.test:5000/", "http://keystone.test:5000/v3/auth/tokens")]
    [InlineData("https://cloud.test/identity/v3/", "https://cloud.test/identity/v3/auth/tokens")]
    public async Task The_auth_url_gets_v3_when_missing_and_keeps_its_path(string authUrl, string expected)
    {
        await using var f = new KeystoneFixture(new() { ["Keystone:AuthUrl"] = authUrl });
        f.Http.Expect(HttpMethod.Post, expected).Respond(_ => KeystoneFixture.Created(KeystoneFixture.TokenJson(projectId: null)));

        var result = await f.Client.AuthenticateAsync(Alice, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData("The request you have made requires authentication.", KeystoneErrorKind.WrongCredentials, "The user name, password or domain is not right.")]
    [InlineData("The password is expired and needs to be changed for user: user1.", KeystoneErrorKind.PasswordExpired, "Your password has expired.")]
    [InlineData("The account is locked for user: user1.", KeystoneErrorKind.AccountLocked, "Your account is locked")]
    public async Task Password_refusals_become_clear_sentences(string keystoneMessage, KeystoneErrorKind kind, string sentence)
    {
        await using var f = new KeystoneFixture();
        f.Http.When(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens").Respond(_ => KeystoneFixture.Error(HttpStatusCode.Unauthorized, keystoneMessage));

        var result = await f.Client.AuthenticateAsync(Alice, Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.Error.Kind);
        Assert.StartsWith(sentence, result.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keystone_refusing_connections_is_keystone_did_not_answer()
    {
        await using var f = new KeystoneFixture();
        f.Http.When(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens").Throw(new HttpRequestException("Connection refused (keystone.test:5000)"));

        var result = await f.Client.AuthenticateAsync(Alice, Ct);

        Assert.Equal(KeystoneErrorKind.Unreachable, result.Error?.Kind);
        Assert.Equal("Keystone did not answer. Try again in a moment.", result.Error?.Message);
    }

    [Fact]
    public async Task A_Keystone_slower_than_the_timeout_is_keystone_did_not_answer()
    {
        await using var f = new KeystoneFixture(new() { ["Keystone:Timeout"] = "00:00:01" });
        f.Http.When(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens").Respond(async () =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), Ct);
            return KeystoneFixture.Created(KeystoneFixture.TokenJson());
        });

        var result = await f.Client.AuthenticateAsync(Alice, Ct);

        Assert.Equal(KeystoneErrorKind.Unreachable, result.Error?.Kind);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, KeystoneErrorKind.Unreachable)]
    [InlineData(HttpStatusCode.InternalServerError, KeystoneErrorKind.Unexpected)]
    [InlineData(HttpStatusCode.Forbidden, KeystoneErrorKind.Forbidden)]
    public async Task Other_statuses_map_to_kinds(HttpStatusCode status, KeystoneErrorKind kind)
    {
        await using var f = new KeystoneFixture();
        f.Http.When(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens").Respond(_ => KeystoneFixture.Error(status, "nope"));

        var result = await f.Client.AuthenticateAsync(Alice, Ct);

        Assert.Equal(kind, result.Error?.Kind);
    }

    [Fact]
    public async Task A_201_without_X_Subject_Token_is_unexpected()
    {
        await using var f = new KeystoneFixture();
        f.Http.When(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens").Respond(HttpStatusCode.Created, "application/json", KeystoneFixture.TokenJson());

        var result = await f.Client.AuthenticateAsync(Alice, Ct);

        Assert.Equal(KeystoneErrorKind.Unexpected, result.Error?.Kind);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotFound)]
    public async Task Application_credential_sign_in_sends_id_and_secret_and_explains_refusals(HttpStatusCode refusal)
    {
        await using var f = new KeystoneFixture();
        f.Http.Expect(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens")
            .WithContent("""{"auth":{"identity":{"methods":["application_credential"],"application_credential":{"id":"ac1","secret":"sh"}}}}""")
            .Respond(_ => KeystoneFixture.Created(KeystoneFixture.TokenJson(extra: ""","application_credential":{"id":"ac1","name":"ci","restricted":true}""")));
        f.Http.Expect(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens").Respond(_ => KeystoneFixture.Error(refusal, "Could not find Application Credential: x."));

        var ok = await f.Client.AuthenticateAsync(new ApplicationCredentials("ac1", "sh"), Ct);
        var refused = await f.Client.AuthenticateAsync(new ApplicationCredentials("x", "wrong"), Ct);

        Assert.True(ok.IsSuccess, ok.Error?.Message);
        Assert.True(ok.Value.IsApplicationCredential);
        Assert.Equal("proj1", ok.Value.Project?.Id);
        Assert.Equal(KeystoneErrorKind.WrongCredentials, refused.Error?.Kind);
        Assert.Contains("application credential", refused.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scoping_uses_the_token_method_and_a_project_id_and_reads_roles_and_catalog()
    {
        await using var f = new KeystoneFixture();
        var unscoped = new KeystoneToken("unscoped-token", JsonSerializer.Deserialize(KeystoneFixture.TokenJson(projectId: null), KeystoneJsonContext.Default.TokenEnvelope)!.Token!);
        f.Http.Expect(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens")
            .WithContent("""{"auth":{"identity":{"methods":["token"],"token":{"id":"unscoped-token"}},"scope":{"project":{"id":"proj1"}}}}""")
            .Respond(_ => KeystoneFixture.Created(KeystoneFixture.TokenJson("proj1"), "scoped-token"));
        f.Http.Expect(HttpMethod.Post, $"{KeystoneFixture.AuthUrl}/auth/tokens").Respond(_ => KeystoneFixture.Error(HttpStatusCode.Unauthorized, "The request you have made requires authentication."));

        var scoped = await f.Client.ScopeAsync(unscoped, "proj1", Ct);
        var refused = await f.Client.ScopeAsync(unscoped, "other", Ct);

        Assert.True(scoped.IsSuccess, scoped.Error?.Message);
        Assert.Equal("scoped-token", scoped.Value.Value);
        Assert.Equal(new KeystoneProject("proj1", "project-proj1", "default"), scoped.Value.Project);
        Assert.Equal(["reader", "member"], scoped.Value.Roles);
        Assert.Equal(KeystoneErrorKind.NoAccessToProject, refused.Error?.Kind);
    }

    [Fact]
    public async Task Listing_projects_sends_the_token_keeps_enabled_ones_sorted_by_name()
    {
        await using var f = new KeystoneFixture();
        var token = Token();
        f.Http.Expect(HttpMethod.Get, $"{KeystoneFixture.AuthUrl}/auth/projects")
            .WithHeaders("X-Auth-Token", "gAAAAAtoken")
            .Respond("application/json", """
                {"projects": [
                  {"id": "p2", "name": "zeta", "domain_id": "default", "enabled": true},
                  {"id": "p1", "name": "alpha", "domain_id": "default", "enabled": true},
                  {"id": "p3", "name": "off", "domain_id": "default", "enabled": false}],
                 "links": {"next": null}}
                """);

        var result = await f.Client.ListProjectsAsync(token, Ct);

        Assert.True(result.IsSuccess, result.Error?.Message);
        Assert.Equal(["alpha", "zeta"], result.Value.Select(p => p.Name));
    }

    [Fact]
    public async Task Listing_projects_with_a_dead_token_says_the_session_ended()
    {
        await using var f = new KeystoneFixture();
        f.Http.When(HttpMethod.Get, $"{KeystoneFixture.AuthUrl}/auth/projects").Respond(_ => KeystoneFixture.Error(HttpStatusCode.Unauthorized, "x"));

        var result = await f.Client.ListProjectsAsync(Token(), Ct);

        Assert.Equal(KeystoneErrorKind.TokenInvalid, result.Error?.Kind);
    }

    [Theory]
    [InlineData(HttpStatusCode.NoContent, true)]
    [InlineData(HttpStatusCode.NotFound, true)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    public async Task Revoking_deletes_the_token_as_its_own_subject_and_an_already_dead_token_counts_as_revoked(HttpStatusCode status, bool revoked)
    {
        await using var f = new KeystoneFixture();
        f.Http.Expect(HttpMethod.Delete, $"{KeystoneFixture.AuthUrl}/auth/tokens")
            .WithHeaders("X-Auth-Token", "gAAAAAtoken")
            .WithHeaders("X-Subject-Token", "gAAAAAtoken")
            .Respond(status);

        var result = await f.Client.RevokeAsync(Token(), Ct);

        Assert.Equal(revoked, result.IsSuccess);
        f.Http.VerifyNoOutstandingExpectation();
    }

    [Theory]
    [InlineData(null, "public", "https://glance.one.test/")]
    [InlineData("RegionOne", "internal", "http://glance.one.internal:9292/")]
    [InlineData("RegionTwo", "public", "https://glance.two.test/")]
    [InlineData("RegionTwo", "internal", null)]
    [InlineData("RegionThree", "public", null)]
    public void The_image_endpoint_comes_from_the_catalog_by_region_and_interface(string? region, string @interface, string? expected)
    {
        Assert.Equal(expected, Token().FindEndpoint("image", region, @interface)?.AbsoluteUri);
    }

    [Fact]
    public void Secrets_never_show_in_ToString()
    {
        Assert.DoesNotContain("s3cret", Alice.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sh", new ApplicationCredentials("ac1", "shhh-secret").ToString().Replace("ApplicationCredentials", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("gAAAAA", Token().ToString(), StringComparison.Ordinal);
    }

    internal static KeystoneToken Token(string? projectId = "proj1", string value = "gAAAAAtoken", string expiresAt = "2026-11-27T03:43:41.000000Z") =>
        new(value, JsonSerializer.Deserialize(KeystoneFixture.TokenJson(projectId, expiresAt), KeystoneJsonContext.Default.TokenEnvelope)!.Token!);
}
