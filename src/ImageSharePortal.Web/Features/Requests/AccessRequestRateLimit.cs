using System.Net;
using ImageSharePortal.Web.Hosting;

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
    /// Limits form posts to listing pages (the public "Request access" form) per client IP; everything else passes.
    /// The count is shared by every instance when they share Redis (<see cref="IFixedWindowCounter"/>). Behind a reverse
    /// proxy the IP is the client's once <c>ForwardedHeaders</c> names the proxy.
    /// </summary>
    public static IServiceCollection AddAccessRequestRateLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(AccessRequestLimitOptions.SectionName).Get<AccessRequestLimitOptions>() ?? new AccessRequestLimitOptions();
        if (limits.PermitLimit < 1 || limits.Window <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("AccessRequests:PermitLimit must be at least 1 and AccessRequests:Window positive.");
        }

        services.AddSingleton(limits);
        return services;
    }

    /// <summary>Refuses the post with a plain 429 page once the client's window is full.</summary>
    public static IApplicationBuilder UseAccessRequestRateLimit(this IApplicationBuilder app) =>
        app.Use(async (http, next) =>
        {
            if (IsRequestPost(http.Request))
            {
                var limits = http.RequestServices.GetRequiredService<AccessRequestLimitOptions>();
                var counter = http.RequestServices.GetRequiredService<IFixedWindowCounter>();
                var attempt = await counter.HitAsync("request:" + ClientKey(http), limits.PermitLimit, limits.Window, http.RequestAborted);
                if (!attempt.Allowed)
                {
                    await WriteTooManyAsync(http.Response, attempt.RetryAfter, http.RequestAborted);
                    return;
                }
            }

            await next(http);
        });

    internal static bool IsRequestPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/catalogue", StringComparison.OrdinalIgnoreCase);

    /// <summary>The client's IP (the proxy's forwarded one when <c>UseForwardedHeaders</c> trusts the proxy).</summary>
    internal static string ClientKey(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    /// <summary>A plain page: the status-code page would otherwise replace an empty 429 with "not found".</summary>
    private static async Task WriteTooManyAsync(HttpResponse response, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
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
