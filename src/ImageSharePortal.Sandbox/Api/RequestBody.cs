using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>Reads a JSON request body the way Glance's <c>JSONRequestDeserializer</c> does.</summary>
internal static class RequestBody
{
    /// <summary>The parsed body (may be a JSON <c>null</c>), or the 400 Glance answers for a missing or malformed one.</summary>
    public static async Task<(JsonNode? Body, GlanceError? Error)> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.TransferEncoding.Any(v => v?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true)))
        {
            return (null, GlanceError.BadRequest("Body expected in request."));
        }

        try
        {
            return (await JsonNode.ParseAsync(request.Body, cancellationToken: ct), null);
        }
        catch (JsonException)
        {
            return (null, GlanceError.BadRequest("Malformed JSON in request body."));
        }
    }
}
