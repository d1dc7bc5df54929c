using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>
/// An error answered the way Glance (webob) answers it: JSON <c>{"message","code","title"}</c> when the caller asks for
/// <c>application/json</c>, HTML for browsers and <c>*/*</c>, plain text without an Accept header. The message keeps webob's template: <c>explanation&lt;br /&gt;&lt;br /&gt;\n detail \n\n</c>.
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

    private static readonly string[] Offers = ["text/html", "application/json"];

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

    /// <summary>webob's 405 has its own template too: the method, then an empty detail.</summary>
    public static GlanceError MethodNotAllowed(string method)
    {
        var text = $"The method {method} is not allowed for this resource. <br /><br />\n";
        return new GlanceError(405, text, WebUtility.HtmlEncode(text).Replace("&lt;br /&gt;", "<br />", StringComparison.Ordinal));
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
        switch (Negotiate(httpContext.Request.Headers.Accept.ToString()))
        {
            case "application/json":
                await GlanceJson.WriteAsync(response, new JsonObject { ["message"] = Message, ["code"] = code, ["title"] = TitleOf(StatusCode) });
                break;
            case "text/html":
                response.ContentType = "text/html; charset=UTF-8";
                await response.WriteAsync($"<html>\n <head>\n  <title>{code}</title>\n </head>\n <body>\n  <h1>{code}</h1>\n  {HtmlMessage}\n </body>\n</html>");
                break;
            default:
                response.ContentType = "text/plain; charset=UTF-8";
                await response.WriteAsync($"{code}\n\n{StripTags(Message)}");
                break;
        }
    }

    /// <summary>
    /// webob's choice between its two offers, text/html then application/json: the best q-value wins, ties go to
    /// HTML, and no (or no matching) Accept header gives plain text. So <c>*/*</c> (curl's default) gets HTML and only
    /// an explicit <c>application/json</c> gets JSON.
    /// </summary>
    internal static string? Negotiate(string accept)
    {
        if (string.IsNullOrWhiteSpace(accept) || !MediaTypeHeaderValue.TryParseList([accept], out var ranges))
        {
            return null;
        }

        string? best = null;
        var bestQuality = 0.0;
        foreach (var offer in Offers)
        {
            var (type, subtype) = (offer[..offer.IndexOf('/', StringComparison.Ordinal)], offer[(offer.IndexOf('/', StringComparison.Ordinal) + 1)..]);
            var match = ranges
                .Where(r => (r.Type == "*" || r.Type.Equals(type, StringComparison.OrdinalIgnoreCase)) && (r.SubType == "*" || r.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase)))
                .OrderByDescending(r => (r.Type == "*" ? 0 : 1) + (r.SubType == "*" ? 0 : 1))
                .FirstOrDefault();
            var quality = match is null ? 0 : match.Quality ?? 1.0;
            if (quality > bestQuality)
            {
                (best, bestQuality) = (offer, quality);
            }
        }

        return best;
    }

    /// <summary>webob's <c>strip_tags</c>: newlines become spaces, <c>&lt;br&gt;</c> becomes a newline, other tags go.</summary>
    private static string StripTags(string message)
    {
        var text = message.Replace('\n', ' ').Replace("\r", string.Empty, StringComparison.Ordinal);
        text = System.Text.RegularExpressions.Regex.Replace(text, "<br.*?>", "\n", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
        return System.Text.RegularExpressions.Regex.Replace(text, "<.*?>", string.Empty, System.Text.RegularExpressions.RegexOptions.Singleline);
    }

    private static string Template(string explanation, string detail) => $"{explanation}<br /><br />\n{detail}\n\n";
}
