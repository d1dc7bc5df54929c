using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.ContractTests.Sandbox;

/// <summary>A sandbox of its own (free port, temporary content root) for the cases about the sandbox itself.</summary>
public sealed class TemporarySandbox : IAsyncDisposable
{
    private readonly HttpClient _http = new();

    private TemporarySandbox(string folder, SandboxServer server)
    {
        Folder = folder;
        Server = server;
    }

    public string Folder { get; }

    public SandboxServer Server { get; }

    public static async Task<TemporarySandbox> StartAsync(bool seed, string? folder = null, string databasePath = "data/sandbox.db", ILoggerFactory? loggers = null, bool secureRbac = false)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "isp-sandbox-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var options = new SandboxOptions { Url = "http://127.0.0.1:0", DatabasePath = databasePath, Seed = seed, SecureRbac = secureRbac };
        var server = new SandboxServer(Options.Create(options), new FolderEnvironment(folder), loggers ?? NullLoggerFactory.Instance);
        await server.StartAsync(TestContext.Current.CancellationToken);
        return new TemporarySandbox(folder, server);
    }

    /// <summary>GET as the given project (trusted headers), returning the JSON body.</summary>
    public async Task<JsonObject> GetJsonAsync(string path, string project, string roles = "member,reader", string identityHeader = "X-Project-Id")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseAddress!, path.TrimStart('/')));
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("X-Identity-Status", "Confirmed");
        request.Headers.Add(identityHeader, project);
        request.Headers.Add("X-Roles", roles);
        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} as {project}: {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!;
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _http.SendAsync(request, TestContext.Current.CancellationToken);

    /// <summary>Sends a JSON body as the given project and roles; returns status and body text.</summary>
    public async Task<(HttpStatusCode Status, string Body)> SendJsonAsync(HttpMethod method, string path, string project, string? json, string roles = "member,reader", string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(Server.BaseAddress!, path.TrimStart('/')));
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("X-Identity-Status", "Confirmed");
        request.Headers.Add("X-Project-Id", project);
        request.Headers.Add("X-Roles", roles);
        if (json is not null)
        {
            request.Content = new StringContent(json);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        using var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Stops the server; the folder stays so a case can start another sandbox on the same database.</summary>
    public async Task StopAsync()
    {
        await Server.StopAsync(CancellationToken.None);
        await Server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    private sealed class FolderEnvironment(string folder) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Development;

        public string ApplicationName { get; set; } = "ImageSharePortal.ContractTests";

        public string ContentRootPath { get; set; } = folder;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
