using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>
/// An error answered the way Glance (webob) answers it: JSON <c>{"message","code","title"}</c> when the caller accepts
/// <c>application/json</c>, HTML otherwise. The message keeps webob's template: <c>explanation&lt;br /&gt;&lt;br /&gt;\n detail \n\n</c>.
/// </summary>
internal sealed class GlanceError : IResult
{
    private static readonly Dictionary<int, (string Title, string Explanation)> Statuses = new()
    {
        [400] = ("Bad Request", "The server could not comply with the request since it is either malformed or otherwise incorrect."),
        [401] = ("Unauthorized", "This server could not verify that you are authorized to access the document you requested. Either you supplied the wrong credentials (e.g., bad password), or your browser does not understand how to supply the credentials required."),
        [403] = ("Forbidden", "Access was denied to this resource."),
        [404] = ("Not Found", "The resource could not be found."),
        [405] = ("Method Not Allowed", "The method is not allowed for this resource."),
        [409] = ("Conflict", "There was a conflict when trying to complete your request."),
        [413] = ("Request Entity Too Large", "The body of your request was too large for this server."),
        [415] = ("Unsupported Media Type", "The request media type is not supported by this server."),
        [500] = ("Internal Server Error", "The server has either erred or is incapable of performing the requested operation."),
    };

    private GlanceError(int statusCode, string message, string htmlMessage)
    {
        StatusCode = statusCode;
        Message = message;
        HtmlMessage = htmlMessage;
    }

    public int StatusCode { get; }

    /// <summary>The message exactly as Glance puts it in the JSON body (with its <c>&lt;br /&gt;</c> markup).</summary>
    public string Message { get; }

    private string HtmlMessage { get; }

    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Like webob's <c>HTTPxxx(explanation=...)</c>: the message replaces the status's default explanation.</summary>
    public static GlanceError Explained(int statusCode, string explanation) =>
        new(statusCode, Template(explanation, string.Empty), Template(WebUtility.HtmlEncode(explanation), string.Empty));

    /// <summary>Like webob's <c>HTTPxxx(detail)</c>: the status's default explanation, then the detail.</summary>
    public static GlanceError Detailed(int statusCode, string detail)
    {
        var explanation = Statuses[statusCode].Explanation;
        return new(statusCode, Template(explanation, detail), Template(explanation, WebUtility.HtmlEncode(detail)));
    }

    public static GlanceError BadRequest(string explanation) => Explained(400, explanation);

    public static GlanceError Forbidden(string explanation) => Explained(403, explanation);

    public static GlanceError NotFound(string explanation) => Explained(404, explanation);

    public static GlanceError Unauthorized() => Explained(401, Statuses[401].Explanation);

    /// <summary>An oslo.policy refusal, e.g. <c>You are not authorized to complete add_member action.</c></summary>
    public static GlanceError PolicyForbidden(string rule) => Forbidden($"You are not authorized to complete {rule} action.");

    public static GlanceError UnsupportedMediaType(string? contentType)
    {
        // webob's 415 has its own template: the media type, then an empty detail.
        var text = $"The request media type {contentType} is not supported by this server.\n<br /><br />\n";
        var error = new GlanceError(415, text, $"The request media type {WebUtility.HtmlEncode(contentType)} is not supported by this server.\n<br /><br />\n");
        error.Headers["Accept-Patch"] = "application/openstack-images-v2.0-json-patch, application/openstack-images-v2.1-json-patch";
        return error;
    }

    public static string TitleOf(int statusCode) => Statuses.TryGetValue(statusCode, out var s) ? s.Title : "Error";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        foreach (var (name, value) in Headers)
        {
            response.Headers[name] = value;
        }

        var code = $"{StatusCode} {TitleOf(StatusCode)}";
        if (WantsJson(httpContext.Request))
        {
            var body = new JsonObject { ["message"] = Message, ["code"] = code, ["title"] = TitleOf(StatusCode) };
            await GlanceJson.WriteAsync(response, body);
            return;
        }

        response.ContentType = "text/html; charset=UTF-8";
        await response.WriteAsync($"<html>\n <head>\n  <title>{code}</title>\n </head>\n <body>\n  <h1>{code}</h1>\n  {HtmlMessage}\n </body>\n</html>");
    }

    /// <summary>webob answers JSON only when the caller accepts <c>application/json</c>.</summary>
    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(v => v is not null && v.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    private static string Template(string explanation, string detail) => $"{explanation}<br /><br />\n{detail}\n\n";
}
