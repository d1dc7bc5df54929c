using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace ImageSharePortal.ContractTests.Infrastructure;

/// <summary>Raw HTTP to the Images API as one identity: paths, JSON and status codes, nothing typed in between.</summary>
public sealed class ImagesClient(HttpClient http, Uri baseAddress, Action<HttpRequestMessage> identify, string name)
{
    public const string JsonPatch = "application/openstack-images-v2.1-json-patch";

    public string Name { get; } = name;

    public Task<ApiResponse> GetAsync(string path, string accept = "application/json") =>
        SendAsync(HttpMethod.Get, path, null, null, accept);

    public Task<ApiResponse> PostAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Post, path, body, "application/json");

    public Task<ApiResponse> PutAsync(string path, JsonNode? body) => SendAsync(HttpMethod.Put, path, body, "application/json");

    public Task<ApiResponse> PatchAsync(string path, JsonNode? body, string contentType = JsonPatch) => SendAsync(HttpMethod.Patch, path, body, contentType);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null, null);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, string? contentType, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(baseAddress, path.TrimStart('/')));
        request.Headers.Accept.ParseAdd(accept);
        identify(request);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType ?? "application/json");
        }

        using var response = await http.SendAsync(request, Xunit.TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);
        return new ApiResponse($"{Name}: {method} {path}", response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, text);
    }
}
