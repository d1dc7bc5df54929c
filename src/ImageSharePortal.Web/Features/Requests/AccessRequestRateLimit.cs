using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace ImageSharePortal.Web.Features.Requests;

/// <summary>The <c>AccessRequests</c> section: how many request-access posts one client may make per window.</summary>
public sealed class AccessRequestLimitOptions
{
    public const string SectionName = "AccessRequests";

    public int PermitLimit { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(10);
}

public static class AccessRequestRateLimit
{
    /// <summary>
    /// Limits form posts to listing pages (the public "Request access" form) per client IP with ASP.NET Core's
    /// rate limiter; everything else passes. Behind a reverse proxy, configure forwarded headers so the IP is the client's.
    /// </summary>
    public static IServiceCollection AddAccessRequestRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(AccessRequestLimitOptions.SectionName).Get<AccessRequestLimitOptions>() ?? new AccessRequestLimitOptions();
        if (limits.PermitLimit < 1 || limits.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("AccessRequests:PermitLimit must be at least 1 and AccessRequests:Window positive.");
        }

        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                IsRequestPost(http.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(ClientKey(http), _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = limits.PermitLimit,
                        Window = limits.Window,
                        QueueLimit = 0,
                    })
                    : RateLimitPartition.GetNoLimiter("unlimited"));
            options.OnRejected = (context, cancellationToken) => WriteTooManyAsync(context, limits.Window, cancellationToken);
        });
        return services;
    }

    internal static bool IsRequestPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/catalogue", StringComparison.OrdinalIgnoreCase);

    private static string ClientKey(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    /// <summary>A plain page: the status-code page would otherwise replace an empty 429 with "not found".</summary>
    private static async ValueTask WriteTooManyAsync(OnRejectedContext context, TimeSpan window, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.ContentType = "text/html; charset=utf-8";
        var minutes = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMinutes));
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Too many requests · ImageSharePortal</title><link rel="stylesheet" href="/css/app.css"></head>
            <body><main id="main" style="max-width:40rem;margin:3rem auto;padding:0 1rem">
            <h1>Too many requests: try again later</h1>
            <p data-testid="too-many-requests">You have sent several access requests in a short time. To protect producers from spam, the portal
            accepts at most a few per client. Try again in about {{minutes}} {{(minutes == 1 ? "minute" : "minutes")}}. Nothing from this attempt was stored.</p>
            <p><a href="/catalogue">Back to the catalogue</a></p>
            </main></body></html>
            """, cancellationToken);
    }
}
