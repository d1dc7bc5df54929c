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

    /// <summary>
    /// Once the client's window is full, the post goes on as a 429 marked <see cref="AccessRequestLimited"/>: the request
    /// form then stores nothing and shows itself again, in the portal's layout, with what was typed and when to try again.
    /// </summary>
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
                    http.Features.Set(new AccessRequestLimited(attempt.RetryAfter));
                    http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(attempt.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            await next(http);
        });

    internal static bool IsRequestPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.StartsWithSegments("/catalogue", StringComparison.OrdinalIgnoreCase);

    /// <summary>The client's IP (the proxy's forwarded one when <c>UseForwardedHeaders</c> trusts the proxy).</summary>
    internal static string ClientKey(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}

/// <summary>This post is over the client's limit: the form stores nothing and says when to try again.</summary>
public sealed record AccessRequestLimited(TimeSpan RetryAfter)
{
    /// <summary>In about how many minutes (at least one) the client may ask again.</summary>
    public int Minutes => Math.Max(1, (int)Math.Ceiling(RetryAfter.TotalMinutes));
}
