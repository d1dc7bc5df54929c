using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace ImageSharePortal.Web.Hosting;

internal sealed class StoreHealthCheck(IDbContextFactory<PortalDbContext> store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await store.CreateDbContextAsync(cancellationToken);
            _ = await db.Listings.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy(db.Database.ProviderName);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("The store does not answer: " + e.GetType().Name);
        }
    }
}

internal sealed class RedisHealthCheck(IConnectionMultiplexer? redis = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (redis is null)
        {
            return HealthCheckResult.Healthy("not configured (one instance)");
        }

        try
        {
            var latency = await redis.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.#} ms");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer: " + e.GetType().Name);
        }
    }
}

/// <summary>The Images API (embedded sandbox or Glance) or, with Keystone sign-in, Keystone answers at all.</summary>
internal sealed class UpstreamHealthCheck(IHttpClientFactory http, IConfiguration configuration, IServiceProvider services) : IHealthCheck
{
    public const string ClientName = "health";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var target = Uri.TryCreate(configuration["Keystone:AuthUrl"], UriKind.Absolute, out var keystone) ? keystone
            : Uri.TryCreate(configuration["ImagesApi:BaseUrl"], UriKind.Absolute, out var images) ? images
            : services.GetService<ImageSharePortal.Images.IImagesEndpointResolver>() is { } resolver ? await resolver.GetBaseAddressAsync(cancellationToken)
            : null;
        if (target is null)
        {
            return HealthCheckResult.Healthy("no upstream configured");
        }

        try
        {
            using var response = await http.CreateClient(ClientName).GetAsync(target, cancellationToken);
            // Any HTTP answer means the service is up (Keystone's root answers 300, Glance's 300 or 401).
            return (int)response.StatusCode < 500
                ? HealthCheckResult.Healthy($"{target.Host}:{target.Port} answered {(int)response.StatusCode}")
                : HealthCheckResult.Unhealthy($"{target.Host}:{target.Port} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{target.Host}:{target.Port} does not answer");
        }
    }
}

internal sealed class SmtpHealthCheck(IOptions<EmailOptions> email) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var options = email.Value;
        if (options.Mode != EmailMode.Smtp || string.IsNullOrWhiteSpace(options.Host))
        {
            return HealthCheckResult.Healthy($"mail mode {options.Mode}");
        }

        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await client.ConnectAsync(options.Host, options.Port, timeout.Token);
            return HealthCheckResult.Healthy($"{options.Host}:{options.Port} accepts connections");
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{options.Host}:{options.Port} does not accept connections");
        }
    }
}
