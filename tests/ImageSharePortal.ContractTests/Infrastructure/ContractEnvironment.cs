using System.Globalization;
using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

[assembly: AssemblyFixture(typeof(ImageSharePortal.ContractTests.Infrastructure.ContractEnvironment))]

namespace ImageSharePortal.ContractTests.Infrastructure;

/// <summary>
/// The Images API the suite runs against, chosen by <c>ISP_CONTRACT_TARGET</c>:
/// <list type="bullet">
/// <item><c>sandbox</c> (default): the embedded sandbox started in-process on a free port with a temporary, unseeded database
/// (<c>ISP_SANDBOX_SECURE_RBAC=true</c> runs it with Glance's secure-RBAC policies instead of the legacy default).</item>
/// <item><c>glance</c>: a real Glance behind Keystone (<c>ISP_KEYSTONE_URL</c>, <c>ISP_GLANCE_URL</c>, <c>ISP_OS_&lt;ROLE&gt;_USER/_PASSWORD/_PROJECT</c>,
/// <c>ISP_OS_USER_DOMAIN</c>); each role gets a project-scoped token sent as <c>X-Auth-Token</c>.</item>
/// <item><c>url</c>: any Images API at <c>ISP_IMAGES_URL</c> that trusts identity headers (a Glance with only its context
/// middleware, or a separately running sandbox); project IDs from <c>ISP_&lt;ROLE&gt;_PROJECT_ID</c> or fresh random ones.</item>
/// </list>
/// </summary>
public sealed class ContractEnvironment : IAsyncLifetime
{
    private readonly Dictionary<Role, Identity> _identities = [];
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(60) };
    private string? _sandboxFolder;

    /// <summary><c>sandbox</c>, <c>glance</c> or <c>url</c>.</summary>
    public string Target { get; } = (Environment.GetEnvironmentVariable("ISP_CONTRACT_TARGET") ?? "sandbox").Trim().ToLowerInvariant();

    public bool IsSandbox => Target == "sandbox";

    public Uri ImagesUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>Glance's <c>image_member_quota</c> on the target (<c>ISP_MEMBER_QUOTA</c>, default 128).</summary>
    public int MemberQuota { get; } = int.Parse(Environment.GetEnvironmentVariable("ISP_MEMBER_QUOTA") ?? "128", CultureInfo.InvariantCulture);

    public bool HasAdmin => _identities.ContainsKey(Role.Admin);

    /// <summary>The in-process sandbox when <see cref="Target"/> is <c>sandbox</c>.</summary>
    public SandboxServer? Sandbox { get; private set; }

    public string ProjectId(Role role) => IdentityOf(role).ProjectId;

    public ImagesClient Client(Role role) => new(_http, ImagesUrl, IdentityOf(role).Apply, role.ToString());

    /// <summary>A client that sends no identity at all.</summary>
    public ImagesClient Anonymous() => new(_http, ImagesUrl, static _ => { }, "anonymous");

    public async ValueTask InitializeAsync()
    {
        switch (Target)
        {
            case "sandbox":
                await StartSandboxAsync();
                break;
            case "glance":
                await LogInToKeystoneAsync();
                break;
            case "url":
                UseTrustedHeaders(new Uri(Required("ISP_IMAGES_URL")));
                break;
            default:
                throw new InvalidOperationException($"ISP_CONTRACT_TARGET must be sandbox, glance or url (got \"{Target}\").");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Sandbox is not null)
        {
            await Sandbox.StopAsync(CancellationToken.None);
            await Sandbox.DisposeAsync();
        }

        _http.Dispose();
        if (_sandboxFolder is not null && Directory.Exists(_sandboxFolder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_sandboxFolder, recursive: true);
        }
    }

    private Identity IdentityOf(Role role) =>
        _identities.TryGetValue(role, out var identity) ? identity : throw new InvalidOperationException($"No {role} identity is configured for target {Target}.");

    private async Task StartSandboxAsync()
    {
        _sandboxFolder = Path.Combine(Path.GetTempPath(), "isp-contract-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_sandboxFolder);
        var options = new SandboxOptions
        {
            Url = "http://127.0.0.1:0",
            DatabasePath = "sandbox.db",
            Seed = false,
            MemberQuota = MemberQuota,
            SecureRbac = string.Equals(Environment.GetEnvironmentVariable("ISP_SANDBOX_SECURE_RBAC"), "true", StringComparison.OrdinalIgnoreCase),
        };
        Sandbox = new SandboxServer(Options.Create(options), new FolderEnvironment(_sandboxFolder), NullLoggerFactory.Instance);
        await Sandbox.StartAsync(CancellationToken.None);
        UseTrustedHeaders(await Sandbox.GetBaseAddressAsync(CancellationToken.None));
    }

    private void UseTrustedHeaders(Uri url)
    {
        ImagesUrl = url;
        foreach (var role in Enum.GetValues<Role>())
        {
            var project = Environment.GetEnvironmentVariable($"ISP_{role.ToString().ToUpperInvariant()}_PROJECT_ID") ?? Guid.NewGuid().ToString("N");
            var roles = role == Role.Admin ? "admin,member,reader" : "member,reader";
            _identities[role] = new Identity(project, request =>
            {
                request.Headers.Add("X-Identity-Status", "Confirmed");
                request.Headers.Add("X-Project-Id", project);
                request.Headers.Add("X-User-Id", $"contract-{role.ToString().ToLowerInvariant()}");
                request.Headers.Add("X-Roles", roles);
            });
        }
    }

    private async Task LogInToKeystoneAsync()
    {
        ImagesUrl = new Uri(Required("ISP_GLANCE_URL"));
        var keystone = Required("ISP_KEYSTONE_URL").TrimEnd('/');
        var roles = new List<Role> { Role.Producer, Role.Consumer, Role.Stranger };
        if (Environment.GetEnvironmentVariable("ISP_OS_ADMIN_USER") is { Length: > 0 })
        {
            roles.Add(Role.Admin);
        }

        var tokens = await Task.WhenAll(roles.Select(role => IssueTokenAsync(keystone, role)));
        foreach (var (role, identity) in roles.Zip(tokens))
        {
            _identities[role] = identity;
        }
    }

    /// <summary>POST /v3/auth/tokens with the password method, scoped to the role's project by name and domain.</summary>
    private async Task<Identity> IssueTokenAsync(string keystone, Role role)
    {
        var prefix = $"ISP_OS_{role.ToString().ToUpperInvariant()}_";
        var userDomain = Environment.GetEnvironmentVariable("ISP_OS_USER_DOMAIN") ?? "Default";
        var projectDomain = Environment.GetEnvironmentVariable("ISP_OS_PROJECT_DOMAIN") ?? userDomain;
        var body = new JsonObject
        {
            ["auth"] = new JsonObject
            {
                ["identity"] = new JsonObject
                {
                    ["methods"] = new JsonArray("password"),
                    ["password"] = new JsonObject
                    {
                        ["user"] = new JsonObject
                        {
                            ["name"] = Required(prefix + "USER"),
                            ["domain"] = new JsonObject { ["name"] = userDomain },
                            ["password"] = Required(prefix + "PASSWORD"),
                        },
                    },
                },
                ["scope"] = new JsonObject
                {
                    ["project"] = new JsonObject { ["name"] = Required(prefix + "PROJECT"), ["domain"] = new JsonObject { ["name"] = projectDomain } },
                },
            },
        };

        // A StringContent has a Content-Length: Keystone behind uwsgi does not read chunked request bodies.
        using var content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri($"{keystone}/auth/tokens"), content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode || !response.Headers.TryGetValues("X-Subject-Token", out var values))
        {
            throw new InvalidOperationException($"Keystone refused a token for the {role} ({(int)response.StatusCode}): {text}");
        }

        var token = values.Single();
        var project = JsonNode.Parse(text)!["token"]!["project"]!["id"]!.GetValue<string>();
        var expected = Environment.GetEnvironmentVariable(prefix + "PROJECT_ID");
        if (expected is { Length: > 0 } && expected != project)
        {
            throw new InvalidOperationException($"{prefix}PROJECT_ID is {expected} but the token is scoped to {project}.");
        }

        return new Identity(project, request => request.Headers.Add("X-Auth-Token", token));
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"Set {name} to run the contract suite against this target.");

    private sealed record Identity(string ProjectId, Action<HttpRequestMessage> Apply);

    /// <summary>A content root for the in-process sandbox.</summary>
    private sealed class FolderEnvironment(string folder) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "ImageSharePortal.ContractTests";

        public string ContentRootPath { get; set; } = folder;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
