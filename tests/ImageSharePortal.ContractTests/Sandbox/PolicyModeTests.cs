using System.Net;
using System.Text.Json.Nodes;

namespace ImageSharePortal.ContractTests.Sandbox;

/// <summary>
/// The sandbox answers like Glance in either policy mode: the same status codes, the legacy messages by default
/// (Glance Zed's default, used by scripts/openstack) and the oslo.policy messages with <c>SecureRbac</c>.
/// </summary>
public sealed class PolicyModeTests(PolicyModeTests.Sandboxes sandboxes) : IClassFixture<PolicyModeTests.Sandboxes>
{
    private const string Owner = "policy-owner";
    private const string Member = "policy-member";

    [Theory]
    [InlineData(false, "Not allowed to update members for image")]
    [InlineData(true, "You are not authorized to complete modify_member action.")]
    public async Task The_owner_setting_a_status_is_403_with_the_modes_message(bool secureRbac, string message)
    {
        var sandbox = sandboxes.Get(secureRbac);
        var image = await ShareAsync(sandbox);

        var (status, body) = await sandbox.SendJsonAsync(HttpMethod.Put, $"/v2/images/{image}/members/{Member}", Owner, """{"status":"accepted"}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "Not allowed to delete members for image")]
    [InlineData(true, "You are not authorized to complete delete_member action.")]
    public async Task A_member_removing_itself_is_403_with_the_modes_message(bool secureRbac, string message)
    {
        var sandbox = sandboxes.Get(secureRbac);
        var image = await ShareAsync(sandbox);

        var (status, body) = await sandbox.SendJsonAsync(HttpMethod.Delete, $"/v2/images/{image}/members/{Member}", Member, null);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "You do not own this image")]
    [InlineData(true, "You are not authorized to complete modify_image action.")]
    public async Task A_member_patching_the_image_is_403_with_the_modes_message(bool secureRbac, string message)
    {
        var sandbox = sandboxes.Get(secureRbac);
        var image = await ShareAsync(sandbox);

        var (status, body) = await sandbox.SendJsonAsync(HttpMethod.Patch, $"/v2/images/{image}", Member, """[{"op":"replace","path":"/name","value":"x"}]""", contentType: "application/openstack-images-v2.1-json-patch");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Created)]
    [InlineData(true, HttpStatusCode.Forbidden)]
    public async Task A_reader_only_caller_creates_images_only_under_legacy_policies(bool secureRbac, HttpStatusCode expected)
    {
        var sandbox = sandboxes.Get(secureRbac);

        var (status, _) = await sandbox.SendJsonAsync(HttpMethod.Post, "/v2/images", Owner, """{"name":"reader"}""", roles: "reader");

        Assert.Equal(expected, status);
    }

    /// <summary>One sandbox per policy mode, shared by the cases (each creates its own images).</summary>
    public sealed class Sandboxes : IAsyncLifetime
    {
        private TemporarySandbox? _legacy;
        private TemporarySandbox? _secure;

        public TemporarySandbox Get(bool secureRbac) => (secureRbac ? _secure : _legacy) ?? throw new InvalidOperationException("Not started.");

        public async ValueTask InitializeAsync()
        {
            _legacy = await TemporarySandbox.StartAsync(seed: false, secureRbac: false);
            _secure = await TemporarySandbox.StartAsync(seed: false, secureRbac: true);
        }

        public async ValueTask DisposeAsync()
        {
            if (_legacy is not null)
            {
                await _legacy.DisposeAsync();
            }

            if (_secure is not null)
            {
                await _secure.DisposeAsync();
            }
        }
    }

    private static async Task<string> ShareAsync(TemporarySandbox sandbox)
    {
        var (created, image) = await sandbox.SendJsonAsync(HttpMethod.Post, "/v2/images", Owner, """{"name":"policy"}""");
        Assert.Equal(HttpStatusCode.Created, created);
        var id = JsonNode.Parse(image)!["id"]!.GetValue<string>();
        var (added, _) = await sandbox.SendJsonAsync(HttpMethod.Post, $"/v2/images/{id}/members", Owner, $$"""{"member":"{{Member}}"}""");
        Assert.Equal(HttpStatusCode.OK, added);
        return id;
    }
}
