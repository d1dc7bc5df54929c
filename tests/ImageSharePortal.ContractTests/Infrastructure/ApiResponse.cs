using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace ImageSharePortal.ContractTests.Infrastructure;

/// <summary>What an Images API call answered: status, headers and the body (parsed when it is JSON).</summary>
public sealed record ApiResponse(string Call, HttpStatusCode Status, HttpResponseHeaders Headers, string? ContentType, string Text)
{
    private readonly Lazy<JsonNode?> _json = new(() => Parse(ContentType, Text));

    public JsonNode? Json => _json.Value;

    /// <summary>The JSON body as an object; fails the test with the raw body when it is not one.</summary>
    public JsonObject Body => Json as JsonObject ?? throw new Xunit.Sdk.XunitException($"{Call}: expected a JSON object, got {Status} {ContentType}: {Text}");

    public string? this[string field] => Body[field]?.GetValue<string>();

    /// <summary>Glance's error message without its webob markup.</summary>
    public string Message => (Body["message"]?.GetValue<string>() ?? string.Empty).Replace("<br />", string.Empty, StringComparison.Ordinal).Trim();

    public IReadOnlyList<string> Ids(string collection) =>
        [.. (Body[collection] as JsonArray ?? []).Select(i => i!["id"]!.GetValue<string>())];

    public override string ToString() => $"{Call} -> {(int)Status} {Text}";

    private static JsonNode? Parse(string? contentType, string text)
    {
        if (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
