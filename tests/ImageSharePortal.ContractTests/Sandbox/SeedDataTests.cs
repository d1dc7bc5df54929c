using System.Net;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Sandbox.Data;

namespace ImageSharePortal.ContractTests.Sandbox;

/// <summary>The demo data: enough, realistic, deterministic, and only seeded into an empty database.</summary>
public sealed class SeedDataTests(SeedDataTests.SeededSandbox seeded) : IClassFixture<SeedDataTests.SeededSandbox>
{
    private const string Admin = "admin,member,reader";

    [Fact]
    public async Task The_seed_gives_every_consumer_something_in_every_inbox_tab()
    {
        var sandbox = seeded.Sandbox;

        foreach (var consumer in SandboxDirectory.Projects.Where(p => !p.IsProducer))
        {
            foreach (var status in new[] { "pending", "accepted", "rejected" })
            {
                var tab = await sandbox.GetJsonAsync($"/v2/images?visibility=shared&member_status={status}", consumer.Id);
                Assert.True(tab["images"]!.AsArray().Count > 0, $"{consumer.Name} has no {status} share");
            }
        }
    }

    [Fact]
    public async Task The_seed_has_40_plus_realistic_images_from_every_producer_in_every_visibility()
    {
        var sandbox = seeded.Sandbox;

        var all = (await sandbox.GetJsonAsync("/v2/images?visibility=all&limit=1000", "admin-project", Admin))["images"]!.AsArray();

        Assert.True(all.Count >= 40, $"only {all.Count} images");
        Assert.All(SandboxDirectory.Projects.Where(p => p.IsProducer), p => Assert.Contains(all, i => i!["owner"]!.GetValue<string>() == p.Id));
        Assert.Equal(["community", "private", "public", "shared"], all.Select(i => i!["visibility"]!.GetValue<string>()).Distinct().Order(StringComparer.Ordinal));
        var active = all.Where(i => i!["status"]!.GetValue<string>() == "active").ToList();
        Assert.True(active.Count > all.Count * 3 / 4, "most seeded images should be active");
        Assert.All(active, i =>
        {
            var size = i!["size"]!.GetValue<long>();
            Assert.InRange(size, 300L * 1024 * 1024, 12L * 1024 * 1024 * 1024);
            Assert.Matches("^[0-9a-f]{32}$", i["checksum"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(i["os_distro"]?.GetValue<string>()));
            Assert.False(string.IsNullOrEmpty(i["os_version"]?.GetValue<string>()));
        });
        Assert.Contains(all, i => i!["name"]!.GetValue<string>().StartsWith("Ubuntu 24.04 LTS", StringComparison.Ordinal));
        Assert.Contains(all, i => i!["name"]!.GetValue<string>().Contains("Windows Server 2022", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_fresh_seed_always_has_the_same_image_ids()
    {
        var first = seeded.Sandbox;
        await using var second = await TemporarySandbox.StartAsync(seed: true);

        var a = await first.GetJsonAsync("/v2/images?visibility=all&limit=1000&sort=name:asc", "admin-project", Admin);
        var b = await second.GetJsonAsync("/v2/images?visibility=all&limit=1000&sort=name:asc", "admin-project", Admin);

        Assert.Equal(a["images"]!.ToJsonString(), b["images"]!.ToJsonString());
        Assert.Equal(SandboxSeeder.DeterministicId("ubuntu-24.04"), SandboxSeeder.DeterministicId("ubuntu-24.04"));
    }

    [Fact]
    public async Task The_seed_runs_only_on_an_empty_database()
    {
        var sandbox = await TemporarySandbox.StartAsync(seed: true);
        var folder = sandbox.Folder;
        var before = (await sandbox.GetJsonAsync("/v2/images?visibility=all&limit=1000", "admin-project", Admin))["images"]!.AsArray().Count;
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, new Uri(sandbox.Server.BaseAddress!, $"v2/images/{SandboxSeeder.DeterministicId("fedora-40")}")))
        {
            delete.Headers.Add("X-Identity-Status", "Confirmed");
            delete.Headers.Add("X-Project-Id", "admin-project");
            delete.Headers.Add("X-Roles", Admin);
            using var deleted = await sandbox.SendAsync(delete);
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        await sandbox.StopAsync();
        await using var restarted = await TemporarySandbox.StartAsync(seed: true, folder);
        var after = (await restarted.GetJsonAsync("/v2/images?visibility=all&limit=1000", "admin-project", Admin))["images"]!.AsArray().Count;

        Assert.Equal(before - 1, after);
    }

    /// <summary>One seeded sandbox shared by the read-only cases.</summary>
    public sealed class SeededSandbox : IAsyncLifetime
    {
        private TemporarySandbox? _sandbox;

        public TemporarySandbox Sandbox => _sandbox ?? throw new InvalidOperationException("Not started.");

        public async ValueTask InitializeAsync() => _sandbox = await TemporarySandbox.StartAsync(seed: true);

        public async ValueTask DisposeAsync()
        {
            if (_sandbox is not null)
            {
                await _sandbox.DisposeAsync();
            }
        }
    }
}
