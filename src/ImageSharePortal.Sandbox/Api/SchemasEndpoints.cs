using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ImageSharePortal.Sandbox.Api;

/// <summary><c>/v2/schemas/*</c>: the JSON schemas a Glance 25 serves, embedded verbatim; and the version document at <c>/</c>.</summary>
internal static class SchemasEndpoints
{
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder app, RouteGroupBuilder v2)
    {
        foreach (var name in new[] { "image", "images", "member", "members" })
        {
            v2.MapGet($"/schemas/{name}", () => Results.Text(Load(name), "application/json"));
        }

        app.MapGet("/", Versions);
        app.MapGet("/versions", Versions);
    }

    private static string Load(string name) => Cache.GetOrAdd(name, static n =>
    {
        using var stream = typeof(SchemasEndpoints).Assembly.GetManifestResourceStream($"ImageSharePortal.Sandbox.Schemas.{n}.json")
            ?? throw new InvalidOperationException($"Embedded schema {n}.json is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <summary>Glance answers its root with 300 Multiple Choices and the supported API versions.</summary>
    private static IResult Versions(HttpContext context)
    {
        var href = $"{context.Request.Scheme}://{context.Request.Host}/v2/";
        var versions = new JsonArray();
        foreach (var (id, status) in new[] { ("v2.15", "CURRENT"), ("v2.13", "SUPPORTED"), ("v2.12", "SUPPORTED"), ("v2.11", "SUPPORTED"), ("v2.10", "SUPPORTED"), ("v2.9", "SUPPORTED"), ("v2.8", "SUPPORTED"), ("v2.7", "SUPPORTED"), ("v2.6", "SUPPORTED"), ("v2.5", "SUPPORTED"), ("v2.4", "SUPPORTED"), ("v2.3", "SUPPORTED"), ("v2.2", "SUPPORTED"), ("v2.1", "SUPPORTED"), ("v2.0", "SUPPORTED") })
        {
            versions.Add(new JsonObject
            {
                ["id"] = id,
                ["status"] = status,
                ["links"] = new JsonArray(new JsonObject { ["rel"] = "self", ["href"] = href }),
            });
        }

        return GlanceJson.Result(new JsonObject { ["versions"] = versions }, StatusCodes.Status300MultipleChoices);
    }
}
