using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>JSON the way Glance writes it: <c>application/json</c>, non-ASCII kept, timestamps to the second.</summary>
internal static class GlanceJson
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static async Task WriteAsync(HttpResponse response, JsonNode body)
    {
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString(Options));
    }

    public static IResult Result(JsonNode body, int statusCode = StatusCodes.Status200OK) => new JsonNodeResult(body, statusCode);

    private sealed class JsonNodeResult(JsonNode body, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = statusCode;
            return WriteAsync(httpContext.Response, body);
        }
    }
}
