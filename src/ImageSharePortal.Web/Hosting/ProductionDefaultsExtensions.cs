using System.Net;
using System.Reflection;
using ImageSharePortal.Web.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// What a portal behind a TLS proxy needs: forwarded headers from known proxies only, security headers, HSTS, the
/// two health endpoints, OpenTelemetry, and a User-Agent on every upstream call.
/// </summary>
public static class ProductionDefaultsExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IServiceCollection AddPortalProductionDefaults(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(o => ConfigureForwardedHeaders(o, configuration.GetSection("ForwardedHeaders")));
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });

        services.ConfigureHttpClientDefaults(b => b.ConfigureHttpClient(c => c.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent)));

        services.AddHealthChecks()
            .AddCheck<StoreHealthCheck>("store", tags: ["ready"])
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"])
            .AddCheck<UpstreamHealthCheck>("images-api", tags: ["ready"])
            .AddCheck<SmtpHealthCheck>("smtp", tags: ["ready"]);
        services.AddHttpClient(UpstreamHealthCheck.ClientName, c => c.Timeout = TimeSpan.FromSeconds(5));

        services.AddSingleton<PortalMetrics>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("ImageSharePortal", serviceVersion: Version))
            .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter(PortalMetrics.MeterName));
        if (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.WithTracing(t => t.AddOtlpExporter()).WithMetrics(m => m.AddOtlpExporter());
        }

        return services;
    }

    /// <summary>The portal's version, as the assembly says.</summary>
    public static string Version { get; } =
        typeof(ProductionDefaultsExtensions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>What operators grep for in Keystone's and Glance's logs.</summary>
    public static string UserAgent { get; } = $"ImageSharePortal/{Version}";

    /// <summary>First in the pipeline: the client's IP and scheme, from a known proxy only.</summary>
    public static IApplicationBuilder UsePortalForwardedHeaders(this IApplicationBuilder app) => app.UseForwardedHeaders();

    /// <summary>
    /// HEAD on a page (a path without a file extension: static files answer HEAD themselves) is answered as GET would be,
    /// without the body: monitors and link checkers get 200 or 404 where a browser would, not a 404 for every page.
    /// </summary>
    public static IApplicationBuilder UsePortalHeadRequests(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method) || Path.HasExtension(context.Request.Path.Value))
        {
            await next(context);
            return;
        }

        var body = context.Response.Body;
        context.Request.Method = HttpMethods.Get;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    });

    /// <summary>
    /// Security headers on every response: a CSP Blazor Server and MudBlazor work under (no inline or eval script;
    /// inline styles, which MudBlazor sets on elements; the circuit's WebSocket to this origin), nosniff, a referrer
    /// policy and a permissions policy.
    /// </summary>
    public static IApplicationBuilder UsePortalSecurityHeaders(this IApplicationBuilder app, IConfiguration configuration)
    {
        var formTargets = "'self'";
        if (Uri.TryCreate(configuration["AzureAd:Authority"] ?? configuration["AzureAd:Instance"], UriKind.Absolute, out var provider))
        {
            formTargets += " " + provider.GetLeftPart(UriPartial.Authority);
        }

        var policy = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action " + formTargets,
            "frame-ancestors 'self'");
        return app.Use((http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = policy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";
            return next(http);
        });
    }

    /// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: the store, Redis, the Images API and SMTP do.</summary>
    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteAsync });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers.CacheControl = "no-store";
        return http.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }

    private static void ConfigureForwardedHeaders(ForwardedHeadersOptions options, IConfigurationSection section)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        options.ForwardLimit = 1;
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        }

        // Nothing configured: no proxy is trusted, so a client cannot choose its own IP or scheme.
        if (options.KnownProxies.Count == 0 && options.KnownIPNetworks.Count == 0)
        {
            options.ForwardedHeaders = ForwardedHeaders.None;
        }

        var hosts = section.GetSection("AllowedHosts").Get<string[]>();
        if (hosts is { Length: > 0 })
        {
            options.AllowedHosts = hosts;
        }
    }
}
