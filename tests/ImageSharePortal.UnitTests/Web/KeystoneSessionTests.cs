using System.Security.Claims;
using ImageSharePortal.Images;
using ImageSharePortal.Keystone;
using ImageSharePortal.UnitTests.Keystone;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Auth.Keystone;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The server-side token store and Keystone sign-in, with a fake Keystone and a fake clock.</summary>
public sealed class KeystoneSessionTests
{
    // Tokens in KeystoneFixture expire at 03:43:41; the clock starts four hours before.
    private static readonly DateTimeOffset Expiry = new(2026, 11, 27, 3, 43, 41, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Expiry.AddHours(-4));
    private readonly FakeKeystone _keystone = new();
    private readonly KeystoneOptions _options = new() { AuthUrl = new Uri("http://keystone.test/v3"), Region = "RegionOne" };
    private readonly ImagesApiOptions _images = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private KeystoneSessionStore Store => field ??= new KeystoneSessionStore(_clock, Options.Create(_options), Options.Create(_images));

    private KeystoneSignInService SignIn => field ??= new KeystoneSignInService(_keystone, Store, NullLogger<KeystoneSignInService>.Instance);

    [Fact]
    public async Task One_project_signs_in_to_it_with_claims_only_and_the_token_stays_in_the_store()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "project-proj1")];

        var result = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);

        Assert.Equal(KeystoneSignInStep.SignedIn, result.Step);
        var identity = PortalIdentity.From(result.Principal);
        Assert.NotNull(identity);
        Assert.Equal("proj1", identity.ProjectId);
        Assert.Equal("project-proj1", identity.ProjectName);
        Assert.Equal(["reader", "member"], identity.Roles);
        Assert.DoesNotContain(result.Principal!.Claims, c => c.Value.Contains("token", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(Expiry, result.Properties!.ExpiresUtc);
        Assert.False(result.Properties.IsPersistent);
        Assert.False(result.Properties.AllowRefresh);

        var token = await Store.GetTokenAsync(identity, Ct);
        Assert.Equal("scoped-proj1", token?.Value);
        Assert.Equal("https://glance.one.test/", token?.ImageEndpoint?.AbsoluteUri);
    }

    [Fact]
    public async Task The_users_keystone_email_is_in_the_session_claims_and_stays_there_after_a_switch()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one"), new KeystoneProject("proj2", "two")];
        _keystone.Email = KeystoneResult<string?>.Success("alice@orbital.example");

        var result = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), "proj1", Ct);
        var switched = await SignIn.SwitchProjectAsync(result.Principal!.FindFirst(PortalClaims.SessionId)!.Value, "proj2", Ct);

        Assert.Equal("alice@orbital.example", PortalIdentity.From(result.Principal)!.Email);
        Assert.Equal("alice@orbital.example", PortalIdentity.From(switched.Principal)!.Email);
        Assert.Equal(["unscoped-token"], _keystone.EmailAskedWith);
    }

    [Fact]
    public async Task A_user_record_keystone_will_not_show_or_a_bad_address_signs_in_without_an_email()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one")];
        _keystone.Email = new KeystoneError(KeystoneErrorKind.Forbidden, "You are not authorized.", System.Net.HttpStatusCode.Forbidden);
        var refused = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), null, Ct);
        _keystone.Email = KeystoneResult<string?>.Success("not an address");
        var bad = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), null, Ct);

        Assert.Equal(KeystoneSignInStep.SignedIn, refused.Step);
        Assert.Null(PortalIdentity.From(refused.Principal)!.Email);
        Assert.Equal(KeystoneSignInStep.SignedIn, bad.Step);
        Assert.Null(PortalIdentity.From(bad.Principal)!.Email);
    }

    [Fact]
    public async Task Several_projects_and_none_named_means_choosing_then_the_choice_is_scoped()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one"), new KeystoneProject("proj2", "two")];

        var pending = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);

        Assert.Equal(KeystoneSignInStep.ChooseProject, pending.Step);
        Assert.Null(PortalIdentity.From(pending.Principal));
        Assert.True(Store.IsUsable(pending.Principal));
        var sessionId = pending.Principal!.FindFirst(PortalClaims.SessionId)!.Value;

        var chosen = await SignIn.SwitchProjectAsync(sessionId, "proj2", Ct);

        Assert.Equal(KeystoneSignInStep.SignedIn, chosen.Step);
        Assert.Equal("proj2", PortalIdentity.From(chosen.Principal)!.ProjectId);
        Assert.Equal(sessionId, chosen.Principal!.FindFirst(PortalClaims.SessionId)!.Value);
        Assert.Equal(["unscoped-token"], _keystone.ScopedFrom);
    }

    [Fact]
    public async Task A_named_project_is_found_by_name_or_id_and_an_unknown_one_is_refused_and_revoked()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one"), new KeystoneProject("proj2", "two")];

        var byName = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), "two", Ct);
        var byId = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), "proj1", Ct);
        var unknown = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), "three", Ct);

        Assert.Equal("proj2", PortalIdentity.From(byName.Principal)!.ProjectId);
        Assert.Equal("proj1", PortalIdentity.From(byId.Principal)!.ProjectId);
        Assert.Equal(SignInErrors.ProjectNotFound, unknown.Error);
        Assert.Contains("unscoped-token", _keystone.Revoked);
    }

    [Fact]
    public async Task No_projects_revokes_the_token_and_keeps_no_session()
    {
        _keystone.Projects = [];

        var result = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);

        Assert.Equal(KeystoneSignInStep.NoProjects, result.Step);
        Assert.Equal(["unscoped-token"], _keystone.Revoked);
        Assert.Equal(0, Store.Count);
    }

    [Theory]
    [InlineData(KeystoneErrorKind.WrongCredentials, SignInErrors.WrongCredentials)]
    [InlineData(KeystoneErrorKind.PasswordExpired, SignInErrors.PasswordExpired)]
    [InlineData(KeystoneErrorKind.AccountLocked, SignInErrors.AccountLocked)]
    [InlineData(KeystoneErrorKind.Unreachable, SignInErrors.KeystoneDown)]
    [InlineData(KeystoneErrorKind.Unexpected, SignInErrors.KeystoneFailed)]
    public async Task Keystone_refusals_become_sign_in_codes_with_clear_messages(KeystoneErrorKind kind, string code)
    {
        _keystone.Refusal = new KeystoneError(kind, "x");

        var result = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);

        Assert.Equal(code, result.Error);
        Assert.DoesNotContain("Exception", SignInErrors.Message(code), StringComparison.Ordinal);
        Assert.Equal(0, Store.Count);
    }

    [Fact]
    public async Task No_image_endpoint_in_the_catalog_refuses_the_sign_in_unless_one_is_configured()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one")];
        _options.Region = "RegionNine";

        var refused = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);
        _options.ImageEndpoint = new Uri("https://glance.explicit.test");
        var explicitEndpoint = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);

        Assert.Equal(SignInErrors.NoImageService, refused.Error);
        Assert.Equal(KeystoneSignInStep.SignedIn, explicitEndpoint.Step);
        var token = await Store.GetTokenAsync(PortalIdentity.From(explicitEndpoint.Principal)!, Ct);
        Assert.Equal("https://glance.explicit.test/", token?.ImageEndpoint?.AbsoluteUri);
    }

    [Theory]
    [InlineData("https://glance.test:9292/v2", "https://glance.test:9292/")]
    [InlineData("https://cloud.test/image/v2.1/", "https://cloud.test/image")]
    [InlineData("https://cloud.test/image", "https://cloud.test/image")]
    [InlineData("https://cloud.test/images-v2", "https://cloud.test/images-v2")]
    public void A_version_suffix_on_the_catalogs_image_endpoint_is_dropped(string catalogUrl, string expected)
    {
        var json = KeystoneFixture.TokenJson("proj1").Replace("https://glance.one.test", catalogUrl, StringComparison.Ordinal);
        var token = new KeystoneToken("t", System.Text.Json.JsonSerializer.Deserialize(json, KeystoneJsonContext.Default.TokenEnvelope)!.Token!);

        Assert.Equal(new Uri(expected), Store.ImageEndpointFor(token));
    }

    [Fact]
    public async Task The_token_is_only_for_the_claims_project_and_not_after_it_expires()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one")];
        var result = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);
        var identity = PortalIdentity.From(result.Principal)!;

        Assert.NotNull(await Store.GetTokenAsync(identity with { ProjectId = "proj1" }, Ct));
        Assert.Null(await Store.GetTokenAsync(identity with { ProjectId = "proj2" }, Ct));
        Assert.Null(await Store.GetTokenAsync(identity with { SessionId = "someone-else" }, Ct));

        _clock.SetUtcNow(Expiry);
        Assert.Null(await Store.GetTokenAsync(identity, Ct));
    }

    [Fact]
    public async Task A_session_is_usable_until_the_margin_before_expiry_and_unknown_sessions_never_are()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one")];
        var result = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: null, Ct);

        _clock.SetUtcNow(Expiry - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.True(Store.IsUsable(result.Principal));
        _clock.SetUtcNow(Expiry - TimeSpan.FromMinutes(5));
        Assert.False(Store.IsUsable(result.Principal));

        var restarted = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(PortalClaims.SessionId, "from-before-a-restart"), new Claim(PortalClaims.ProjectId, "proj1")], "keystone"));
        Assert.False(Store.IsUsable(restarted));
    }

    [Fact]
    public async Task Sign_out_revokes_every_token_of_the_session_and_forgets_it()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "one"), new KeystoneProject("proj2", "two")];
        var first = await SignIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), "one", Ct);
        var sessionId = first.Principal!.FindFirst(PortalClaims.SessionId)!.Value;
        await SignIn.SwitchProjectAsync(sessionId, "proj2", Ct);

        await SignIn.EndSessionAsync(sessionId, Ct);

        Assert.Equal(["scoped-proj1", "scoped-proj2", "unscoped-token"], _keystone.Revoked.Order());
        Assert.Null(Store.Find(sessionId));
    }

    [Fact]
    public async Task An_application_credential_session_is_bound_to_its_project()
    {
        var result = await SignIn.SignInAsync(new ApplicationCredentials("ac1", "secret"), Ct);
        var sessionId = result.Principal!.FindFirst(PortalClaims.SessionId)!.Value;

        var other = await SignIn.SwitchProjectAsync(sessionId, "proj2", Ct);

        Assert.Equal("proj1", PortalIdentity.From(result.Principal)!.ProjectId);
        Assert.Equal(SignInErrors.FixedProject, other.Error);
        Assert.False(Store.ProjectsOf(result.Principal)!.CanSwitch);
    }

    [Fact]
    public void Session_ids_are_long_and_random()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => KeystoneSessionStore.NewSessionId()).ToHashSet();

        Assert.Equal(100, ids.Count);
        Assert.All(ids, id => Assert.True(id.Length >= 43));
    }

    /// <summary>Keystone as the sign-in service sees it: tokens named after what they are, revocations recorded.</summary>
    [Fact]
    public async Task Sign_out_tries_a_revocation_again_and_says_so_when_keystone_still_does_not_answer()
    {
        KeystoneSignInService.RevokeRetryDelay = TimeSpan.Zero;
        _keystone.Projects = [new KeystoneProject("proj1", "project-proj1")];
        var log = new ListLogger();

        // One failure: the second try revokes it, and the log says every token is revoked.
        var signIn = new KeystoneSignInService(_keystone, Store, log);
        var first = PortalIdentity.From((await signIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), "proj1", Ct)).Principal)!;
        _keystone.RevokeFailures = 1;
        await signIn.EndSessionAsync(first.SessionId!, Ct);
        Assert.Contains(log.Lines, l => l.Contains("tokens are revoked", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("could not be revoked", StringComparison.Ordinal));

        // Keystone down for good: the log tells the truth, with when the tokens expire.
        log.Lines.Clear();
        var second = PortalIdentity.From((await signIn.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), "proj1", Ct)).Principal)!;
        _keystone.RevokeFailures = 100;
        await signIn.EndSessionAsync(second.SessionId!, Ct);
        Assert.Contains(log.Lines, l => l.Contains("2 of its 2 tokens could not be revoked", StringComparison.Ordinal) && l.Contains("stay valid until", StringComparison.Ordinal));
        Assert.DoesNotContain(log.Lines, l => l.Contains("tokens are revoked", StringComparison.Ordinal));
        Assert.Null(Store.Find(second.SessionId)); // the portal forgets the session either way
    }

    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<KeystoneSignInService>
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }

    internal sealed class FakeKeystone : IKeystoneClient
    {
        public IReadOnlyList<KeystoneProject> Projects { get; set; } = [];

        public KeystoneError? Refusal { get; set; }

        public List<string> Revoked { get; } = [];

        public List<string> ScopedFrom { get; } = [];

        /// <summary>The user record's email; a refusal stands for a cloud whose policy hides user records.</summary>
        public KeystoneResult<string?> Email { get; set; } = KeystoneResult<string?>.Success(null);

        public List<string> EmailAskedWith { get; } = [];

        public Task<KeystoneResult<string?>> GetUserEmailAsync(KeystoneToken token, CancellationToken cancellationToken = default)
        {
            EmailAskedWith.Add(token.Value);
            return Task.FromResult(Email);
        }

        public Task<KeystoneResult<KeystoneToken>> AuthenticateAsync(PasswordCredentials credentials, CancellationToken cancellationToken = default) =>
            Task.FromResult(Refusal is { } refusal
                ? KeystoneResult<KeystoneToken>.Failure(refusal)
                : KeystoneResult<KeystoneToken>.Success(KeystoneClientTests.Token(projectId: null, value: "unscoped-token")));

        public Task<KeystoneResult<KeystoneToken>> AuthenticateAsync(ApplicationCredentials credentials, CancellationToken cancellationToken = default)
        {
            var body = System.Text.Json.JsonSerializer.Deserialize(
                KeystoneFixture.TokenJson("proj1", extra: ""","application_credential":{"id":"ac1","name":"ci"}"""), KeystoneJsonContext.Default.TokenEnvelope)!.Token!;
            return Task.FromResult(KeystoneResult<KeystoneToken>.Success(new KeystoneToken("appcred-token", body)));
        }

        public Task<KeystoneResult<KeystoneToken>> AuthenticateFederatedAsync(
            string identityProvider, string protocol, string accessToken, CancellationToken cancellationToken = default) =>
            Task.FromResult(Refusal is { } refusal
                ? KeystoneResult<KeystoneToken>.Failure(refusal)
                : KeystoneResult<KeystoneToken>.Success(KeystoneClientTests.Token(projectId: null, value: "federated-unscoped-token")));

        public Task<KeystoneResult<KeystoneToken>> ScopeAsync(KeystoneToken token, string projectId, CancellationToken cancellationToken = default)
        {
            ScopedFrom.Add(token.Value);
            return Task.FromResult(KeystoneResult<KeystoneToken>.Success(KeystoneClientTests.Token(projectId, "scoped-" + projectId)));
        }

        public Task<KeystoneResult<IReadOnlyList<KeystoneProject>>> ListProjectsAsync(KeystoneToken token, CancellationToken cancellationToken = default) =>
            Task.FromResult(KeystoneResult<IReadOnlyList<KeystoneProject>>.Success(Projects));

        /// <summary>How many revocation calls fail (Keystone not answering) before they succeed again.</summary>
        public int RevokeFailures { get; set; }

        public int RevokeCalls { get; private set; }

        public Task<KeystoneResult<bool>> RevokeAsync(KeystoneToken token, CancellationToken cancellationToken = default)
        {
            RevokeCalls++;
            if (RevokeFailures > 0)
            {
                RevokeFailures--;
                return Task.FromResult(KeystoneResult<bool>.Failure(new KeystoneError(KeystoneErrorKind.Unreachable, "Keystone did not answer.")));
            }

            Revoked.Add(token.Value);
            return Task.FromResult(KeystoneResult<bool>.Success(true));
        }
    }
}
