using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;

namespace ImageSharePortal.ContractTests.Infrastructure;

/// <summary>
/// Base of every contract case: clients per identity, helpers that assert the happy path of the calls a case only
/// uses to set itself up, and clean-up of every image the case created (so cases stay independent on a real Glance).
/// </summary>
public abstract class ContractTest(ContractEnvironment environment) : IAsyncDisposable
{
    private readonly ConcurrentBag<(string Id, Role Owner)> _created = [];

    protected ContractEnvironment Env { get; } = environment;

    protected ImagesClient Producer => Env.Client(Role.Producer);

    protected ImagesClient Consumer => Env.Client(Role.Consumer);

    protected ImagesClient Stranger => Env.Client(Role.Stranger);

    protected string ProducerProject => Env.ProjectId(Role.Producer);

    protected string ConsumerProject => Env.ProjectId(Role.Consumer);

    protected string StrangerProject => Env.ProjectId(Role.Stranger);

    /// <summary>A tag unique to this case, to list only the images it created.</summary>
    protected string CaseTag { get; } = "contract-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Creates an image (201) owned by <paramref name="owner"/> and tagged with <see cref="CaseTag"/>.</summary>
    protected async Task<string> CreateImageAsync(string visibility = "shared", Role owner = Role.Producer, string? name = null, JsonObject? extra = null)
    {
        var body = extra ?? [];
        body["name"] = name ?? $"{CaseTag} {visibility}";
        body["visibility"] = visibility;
        body["tags"] = new JsonArray(CaseTag);
        var response = await Env.Client(owner).PostAsync("/v2/images", body);
        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        var id = response["id"]!;
        Track(id, owner);
        return id;
    }

    /// <summary>Deletes the image when the case ends.</summary>
    protected void Track(string imageId, Role owner = Role.Producer) => _created.Add((imageId, owner));

    /// <summary>Shares the image with the project (200 pending) as its owner.</summary>
    protected async Task AddMemberAsync(string imageId, string project, Role owner = Role.Producer)
    {
        var response = await Env.Client(owner).PostAsync($"/v2/images/{imageId}/members", new JsonObject { ["member"] = project });
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
    }

    /// <summary>The consumer sets its own member status (200).</summary>
    protected async Task SetStatusAsync(string imageId, string status, Role member = Role.Consumer)
    {
        var response = await Env.Client(member).PutAsync($"/v2/images/{imageId}/members/{Env.ProjectId(member)}", new JsonObject { ["status"] = status });
        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
    }

    /// <summary>A shared image of the producer with the consumer as a member in the given status.</summary>
    protected async Task<string> ShareWithConsumerAsync(string status = "pending")
    {
        var id = await CreateImageAsync();
        await AddMemberAsync(id, ConsumerProject);
        if (status != "pending")
        {
            await SetStatusAsync(id, status);
        }

        return id;
    }

    protected static void AssertStatus(HttpStatusCode expected, ApiResponse response) =>
        Assert.True(response.Status == expected, $"expected {(int)expected} {expected}, got {response}");

    /// <summary>Asserts the status and that the body is Glance's JSON error (<c>message</c>, <c>code</c>, <c>title</c>).</summary>
    protected static void AssertError(HttpStatusCode expected, ApiResponse response, string? messageContains = null)
    {
        AssertStatus(expected, response);
        Assert.Equal("application/json", response.ContentType);
        Assert.False(string.IsNullOrWhiteSpace(response.Message), response.ToString());
        Assert.StartsWith(((int)expected).ToString(System.Globalization.CultureInfo.InvariantCulture), response["code"], StringComparison.Ordinal);
        if (messageContains is not null)
        {
            Assert.Contains(messageContains, response.Message, StringComparison.Ordinal);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (id, owner) in _created)
        {
            var client = Env.Client(owner);
            var deleted = await client.DeleteAsync($"/v2/images/{id}");
            if (deleted.Status == HttpStatusCode.Forbidden)
            {
                // Protected by the case: lift the protection, then delete.
                await client.PatchAsync($"/v2/images/{id}", new JsonArray(new JsonObject { ["op"] = "replace", ["path"] = "/protected", ["value"] = false }));
                deleted = await client.DeleteAsync($"/v2/images/{id}");
            }

            if (deleted.Status is not (HttpStatusCode.NoContent or HttpStatusCode.NotFound))
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"clean-up left image {id}: {deleted}");
            }
        }

        GC.SuppressFinalize(this);
    }
}
