using System.Net;
using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.ContractTests.Sandbox;

/// <summary>The sandbox itself: hosting, options, loopback guard and request log (whatever the contract target is).</summary>
public sealed class SandboxServerTests
{
    [Fact]
    public async Task It_listens_on_loopback_creates_the_database_folder_and_logs_its_url()
    {
        using var loggers = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(loggers));

        await using var sandbox = await TemporarySandbox.StartAsync(seed: false, databasePath: "nested/deeper/sandbox.db", loggers: factory);

        Assert.Equal("127.0.0.1", sandbox.Server.BaseAddress!.Host);
        Assert.NotEqual(0, sandbox.Server.BaseAddress.Port);
        Assert.Equal(sandbox.Server.BaseAddress, await sandbox.Server.GetBaseAddressAsync(TestContext.Current.CancellationToken));
        Assert.True(File.Exists(Path.Combine(sandbox.Folder, "nested", "deeper", "sandbox.db")));
        Assert.Contains(loggers.Messages, m => m.StartsWith($"Images API sandbox listening on http://127.0.0.1:{sandbox.Server.BaseAddress.Port}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_request_log_counts_and_keeps_the_last_thousand_requests()
    {
        await using var sandbox = await TemporarySandbox.StartAsync(seed: false);
        sandbox.Server.ResetRequestLog();

        await sandbox.GetJsonAsync("/v2/images?visibility=shared&member_status=pending", "p1");
        Assert.Equal(1, sandbox.Server.RequestCount);
        Assert.Equal(["GET /v2/images?visibility=shared&member_status=pending"], sandbox.Server.RecentRequests);

        // Refused requests count too, and they are the cheapest way to fill the log.
        await Parallel.ForAsync(0, 1004, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = TestContext.Current.CancellationToken }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.Server.BaseAddress!, $"v2/images?limit={i}"));
            using var response = await sandbox.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        });
        await sandbox.GetJsonAsync("/v2/images?limit=1004", "p1");

        Assert.Equal(1006, sandbox.Server.RequestCount);
        Assert.Equal(1000, sandbox.Server.RecentRequests.Count);
        Assert.Equal("GET /v2/images?limit=1004", sandbox.Server.RecentRequests[^1]);
        sandbox.Server.ResetRequestLog();
        Assert.Equal(0, sandbox.Server.RequestCount);
        Assert.Empty(sandbox.Server.RecentRequests);
    }

    [Fact]
    public async Task X_Tenant_Id_is_accepted_as_an_alias_of_X_Project_Id()
    {
        await using var sandbox = await TemporarySandbox.StartAsync(seed: true);
        var dave = SandboxDirectory.Users.Single(u => u.Name == "dave").ProjectId;

        var viaProject = await sandbox.GetJsonAsync("/v2/images?visibility=shared&member_status=pending", dave);
        var viaTenant = await sandbox.GetJsonAsync("/v2/images?visibility=shared&member_status=pending", dave, identityHeader: "X-Tenant-Id");

        Assert.Equal(viaProject["images"]!.ToJsonString(), viaTenant["images"]!.ToJsonString());
    }

    [Fact]
    public async Task Unknown_routes_answer_a_glance_shaped_404()
    {
        await using var sandbox = await TemporarySandbox.StartAsync(seed: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(sandbox.Server.BaseAddress!, "v2/nothing-here"));
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("X-Identity-Status", "Confirmed");
        request.Headers.Add("X-Project-Id", "p1");

        using var response = await sandbox.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        Assert.Equal("404 Not Found", body["code"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("http://0.0.0.0:5081")]
    [InlineData("http://10.1.2.3:5081")]
    [InlineData("http://example.org:5081")]
    [InlineData("https://127.0.0.1:5081")]
    [InlineData("http://127.0.0.1:5081/v2")]
    [InlineData("not a url")]
    public async Task A_non_loopback_or_non_http_url_fails_at_start_up(string url)
    {
        using var host = BuildHost(url);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Sandbox:Url", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:0")]
    [InlineData("http://localhost:0")]
    [InlineData("http://[::1]:0")]
    public async Task Loopback_urls_start_and_the_same_instance_is_singleton_and_hosted_service(string url)
    {
        using var host = BuildHost(url);

        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var server = host.Services.GetRequiredService<SandboxServer>();
            Assert.Same(server, host.Services.GetServices<IHostedService>().OfType<SandboxServer>().Single());
            Assert.True(IPAddress.IsLoopback(IPAddress.Parse(server.BaseAddress!.Host.Trim('[', ']'))));
        }
        finally
        {
            await host.StopAsync(TestContext.Current.CancellationToken);
            var database = host.Services.GetRequiredService<SandboxServer>().DatabaseFile;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(database)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_request_addressed_to_another_host_name_is_refused_which_closes_dns_rebinding()
    {
        using var host = BuildHost("http://127.0.0.1:0");
        await host.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var server = host.Services.GetRequiredService<SandboxServer>();
            using var http = new HttpClient { BaseAddress = server.BaseAddress };

            using var direct = await http.GetAsync(new Uri("/", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.True(direct.StatusCode is HttpStatusCode.OK or HttpStatusCode.MultipleChoices, direct.StatusCode.ToString());

            using var rebound = new HttpRequestMessage(HttpMethod.Get, "/v2/images");
            rebound.Headers.Host = "attacker.example";
            rebound.Headers.Add("X-Project-Id", "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1");
            rebound.Headers.Add("X-Roles", "member");
            using var refused = await http.SendAsync(rebound, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("addressed to its loopback address only", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            await host.StopAsync(TestContext.Current.CancellationToken);
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Path.GetDirectoryName(host.Services.GetRequiredService<SandboxServer>().DatabaseFile)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("localhost", true)]
    [InlineData("[::1]", true)]
    [InlineData("127.0.0.2", true)]
    [InlineData("attacker.example", false)]
    [InlineData("127.0.0.1.nip.io", false)]
    [InlineData("10.0.0.7", false)]
    public void Only_hosts_naming_loopback_pass(string host, bool passes) => Assert.Equal(passes, SandboxServer.IsLoopbackHost(host));

    [Fact]
    public void Only_loopback_callers_pass_the_guard()
    {
        Assert.True(SandboxServer.IsLoopback(IPAddress.Loopback));
        Assert.True(SandboxServer.IsLoopback(IPAddress.IPv6Loopback));
        Assert.True(SandboxServer.IsLoopback(IPAddress.Parse("127.0.0.2")));
        Assert.False(SandboxServer.IsLoopback(IPAddress.Parse("10.0.0.7")));
        Assert.False(SandboxServer.IsLoopback(IPAddress.Parse("::ffff:192.168.1.4")));
        Assert.False(SandboxServer.IsLoopback(null));
    }

    private static IHost BuildHost(string url)
    {
        // The content root is the test's own output folder; the database goes to a temp folder that never gets created
        // when start-up is refused, and is a throwaway file otherwise.
        var folder = Path.Combine(Path.GetTempPath(), "isp-sandbox-host-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:Url"] = url,
            ["Sandbox:DatabasePath"] = Path.Combine(folder, "sandbox.db"),
            ["Sandbox:Seed"] = "false",
        });
        builder.Services.AddImagesSandbox(builder.Configuration);
        return builder.Build();
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

        public IReadOnlyCollection<string> Messages => _messages;

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
