using System.Collections.Concurrent;
using System.Text.Json;
using ImageSharePortal.Images;
using ImageSharePortal.Keystone;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Auth.Keystone;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageSharePortal.UnitTests.Web.Deployment;

/// <summary>
/// Two instances' session stores over one shared store (a JSON round trip, as Redis keeps it): a session started, switched
/// or ended on one is seen the same on the other.
/// </summary>
public sealed class SharedSessionTests
{
    private static readonly DateTimeOffset Expiry = new(2026, 11, 27, 3, 43, 41, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Expiry.AddHours(-4));
    private readonly KeystoneSessionTests.FakeKeystone _keystone = new();
    private readonly JsonSharedStore _shared = new();
    private readonly KeystoneOptions _options = new() { AuthUrl = new Uri("http://keystone.test/v3"), Region = "RegionOne" };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private KeystoneSessionStore NewInstance() => new(_clock, Options.Create(_options), Options.Create(new ImagesApiOptions()), _shared);

    [Fact]
    public async Task A_session_started_and_switched_on_one_instance_gives_the_same_token_on_another()
    {
        _keystone.Projects = [new KeystoneProject("proj1", "project-proj1"), new KeystoneProject("proj2", "project-proj2")];
        var a = NewInstance();
        var b = NewInstance();
        var signInA = new KeystoneSignInService(_keystone, a, NullLogger<KeystoneSignInService>.Instance);

        var started = await signInA.SignInAsync(new PasswordCredentials("alice", "pw", "Default"), project: "proj1", Ct);
        var identity = PortalIdentity.From(started.Principal)!;
        Assert.Equal("proj1", identity.ProjectId);

        var onB = await b.GetTokenAsync(identity, Ct);
        Assert.NotNull(onB);
        Assert.Equal((await a.GetTokenAsync(identity, Ct))!.Value, onB.Value);
        Assert.True(b.IsUsable(started.Principal));
        Assert.Equal(["proj1", "proj2"], b.ProjectsOf(started.Principal)!.Projects.Select(p => p.Id));

        // Switching on B is seen on A.
        var signInB = new KeystoneSignInService(_keystone, b, NullLogger<KeystoneSignInService>.Instance);
        var switched = await signInB.SwitchProjectAsync(identity.SessionId, "proj2", Ct);
        var identity2 = PortalIdentity.From(switched.Principal)!;
        Assert.Equal("proj2", identity2.ProjectId);
        Assert.NotNull(await a.GetTokenAsync(identity2, Ct));
        Assert.True(a.IsUsable(switched.Principal));

        // Ending it on A ends it everywhere.
        await signInA.EndSessionAsync(identity.SessionId!, Ct);
        Assert.Null(await b.GetTokenAsync(identity2, Ct));
        Assert.Empty(_shared.Keys);
    }

    [Fact]
    public void The_shared_copy_round_trips_the_tokens_shows_none_when_logged_and_expires_with_the_last_token()
    {
        var store = NewInstance();
        var token = new KeystoneToken("gAAAA-secret-token", new TokenBody { ExpiresAt = Expiry, User = new TokenUser { Id = "u1", Name = "alice" } });
        var session = store.Start(token.User, token, [new KeystoneProject("proj1", "project-proj1")]);

        Assert.Equal(Expiry, _shared.ExpiresAt[session.Id]);
        Assert.DoesNotContain("gAAAA", session.ToRecord().ToString(), StringComparison.Ordinal); // a logged record shows no token
        var again = store.Find(session.Id)!;
        Assert.Equal("gAAAA-secret-token", again.Unscoped!.Value);
        Assert.Equal("alice", again.User.Name);
    }

    /// <summary>Redis as far as the store can tell: bytes by key, with an expiry (Data Protection is left out here).</summary>
    private sealed class JsonSharedStore : ISharedSessionStore
    {
        private readonly ConcurrentDictionary<string, byte[]> _values = new();

        public ConcurrentDictionary<string, DateTimeOffset> ExpiresAt { get; } = new();

        public ICollection<string> Keys => _values.Keys;

        public KeystoneSession? Load(string sessionId) =>
            _values.TryGetValue(sessionId, out var bytes) ? KeystoneSession.FromRecord(JsonSerializer.Deserialize<KeystoneSessionRecord>(bytes)!) : null;

        public void Save(KeystoneSession session, DateTimeOffset expiresAt)
        {
            _values[session.Id] = JsonSerializer.SerializeToUtf8Bytes(session.ToRecord());
            ExpiresAt[session.Id] = expiresAt;
        }

        public void Delete(string sessionId)
        {
            _values.TryRemove(sessionId, out _);
            ExpiresAt.TryRemove(sessionId, out _);
        }
    }
}
