using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>Sets up test data straight through the Images API, as a script would against Glance.</summary>
public sealed class SandboxApi(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress };

    /// <summary>The API of a started portal's own sandbox.</summary>
    public static async Task<SandboxApi> ForAsync(PortalApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new SandboxApi(await app.Services.GetRequiredService<ImageSharePortal.Sandbox.SandboxServer>().GetBaseAddressAsync(CancellationToken.None));
    }

    public async Task<string> CreateImageAsync(string projectId, string name, string visibility = "shared", CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Post, "/v2/images", projectId);
        request.Content = JsonContent.Create(new JsonObject
        {
            ["name"] = name, ["visibility"] = visibility, ["disk_format"] = "qcow2", ["container_format"] = "bare",
            ["os_distro"] = "debian", ["os_version"] = "12",
        });
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return body.GetProperty("id").GetString()!;
    }

    public async Task AddMemberAsync(string ownerProjectId, string imageId, string memberProjectId, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Post, $"/v2/images/{imageId}/members", ownerProjectId);
        request.Content = JsonContent.Create(new JsonObject { ["member"] = memberProjectId });
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The owner removes a member, as <c>openstack image remove project</c> does.</summary>
    public async Task RemoveMemberAsync(string ownerProjectId, string imageId, string memberProjectId, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Delete, $"/v2/images/{imageId}/members/{memberProjectId}", ownerProjectId);
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The member sets its own status, as <c>openstack image set --accept|--reject|--pending</c> does.</summary>
    public async Task SetMemberStatusAsync(string memberProjectId, string imageId, string status, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Put, $"/v2/images/{imageId}/members/{memberProjectId}", memberProjectId);
        request.Content = JsonContent.Create(new JsonObject { ["status"] = status });
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }

    public async Task<string?> MemberStatusAsync(string memberProjectId, string imageId, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, $"/v2/images/{imageId}/members/{memberProjectId}", memberProjectId);
        using var response = await _http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return body.GetProperty("status").GetString();
    }

    /// <summary>The members of an image as its owner sees them (what <c>openstack image member list</c> prints).</summary>
    public async Task<IReadOnlyList<(string MemberId, string Status)>> MembersAsync(string ownerProjectId, string imageId, CancellationToken ct = default)
    {
        using var request = Request(HttpMethod.Get, $"/v2/images/{imageId}/members", ownerProjectId);
        using var response = await _http.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        return [.. body.GetProperty("members").EnumerateArray().Select(m => (m.GetProperty("member_id").GetString()!, m.GetProperty("status").GetString()!))];
    }

    /// <summary>
    /// The images shared with <paramref name="projectId"/> in one member status, as
    /// <c>openstack image list --shared --member-status</c> lists them: every page, the project's own images left out.
    /// </summary>
    public async Task<IReadOnlyList<string>> SharedWithAsync(string projectId, string status, CancellationToken ct = default)
    {
        var ids = new List<string>();
        string? next = $"/v2/images?visibility=shared&member_status={status}&limit=1000";
        while (next is not null)
        {
            using var request = Request(HttpMethod.Get, next, projectId);
            using var response = await _http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
            var page = body.GetProperty("images").EnumerateArray().ToList();
            ids.AddRange(page.Where(i => i.GetProperty("owner").GetString() != projectId).Select(i => i.GetProperty("id").GetString()!));
            next = page.Count > 0 && body.TryGetProperty("next", out var n) ? n.GetString() : null;
        }

        return ids;
    }

    public void Dispose() => _http.Dispose();

    private static HttpRequestMessage Request(HttpMethod method, string path, string projectId)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Accept", "application/json");
        request.Headers.Add("X-Identity-Status", "Confirmed");
        request.Headers.Add("X-Project-Id", projectId);
        request.Headers.Add("X-User-Id", "e2e-setup");
        request.Headers.Add("X-Roles", "member,reader");
        return request;
    }
}
