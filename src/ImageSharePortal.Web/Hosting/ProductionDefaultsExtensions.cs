using System.Net;
using System.Net.Sockets;
using System.Reflection;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Hosting;
using ImageSharePortal.Web.Store;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace Microsoft.AspNetCore.Builder
{
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
}

namespace ImageSharePortal.Web.Hosting
{
    /// <summary>The portal's own meter: shares added, status changes, access requests, the outbox's depth and failures.</summary>
    public sealed class PortalMetrics : IDisposable
    {
        public const string MeterName = "ImageSharePortal";

        private readonly System.Diagnostics.Metrics.Meter _meter;
        private readonly System.Diagnostics.Metrics.Counter<long> _sharesAdded;
        private readonly System.Diagnostics.Metrics.Counter<long> _statusChanges;
        private readonly System.Diagnostics.Metrics.Counter<long> _requests;
        private readonly System.Diagnostics.Metrics.Counter<long> _outboxFailures;

        public PortalMetrics(System.Diagnostics.Metrics.IMeterFactory meters, IServiceScopeFactory scopes)
        {
            _meter = meters.Create(new System.Diagnostics.Metrics.MeterOptions(MeterName));
            _sharesAdded = _meter.CreateCounter<long>("isp.shares.added", description: "Members added to images through the portal");
            _statusChanges = _meter.CreateCounter<long>("isp.shares.status_changes", description: "Accepts, rejects and resets by consumers");
            _requests = _meter.CreateCounter<long>("isp.requests.created", description: "Access requests sent from the catalogue");
            _outboxFailures = _meter.CreateCounter<long>("isp.outbox.failures", description: "Mail delivery attempts that failed");
            _meter.CreateObservableGauge("isp.outbox.depth", () => OutboxDepth(scopes), description: "Mails waiting to be sent");
        }

        public void ShareAdded(int count = 1) => _sharesAdded.Add(count);

        public void StatusChanged(string status) => _statusChanges.Add(1, new KeyValuePair<string, object?>("status", status));

        public void RequestCreated() => _requests.Add(1);

        public void OutboxFailed() => _outboxFailures.Add(1);

        public void Dispose() => _meter.Dispose();

        private static long OutboxDepth(IServiceScopeFactory scopes)
        {
            try
            {
                using var scope = scopes.CreateScope();
                using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();
                return db.Outbox.LongCount(m => m.Status == OutboxStatus.Pending);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                return -1;
            }
        }
    }

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
}

namespace ImageSharePortal.Web.Hosting
{
    /// <summary>
    /// Feeds <see cref="PortalMetrics"/> from what the store commits: every succeeded history event of a share added,
    /// a consumer's status change or an access request counts once its SaveChanges has gone through.
    /// </summary>
    internal sealed class AuditMetricsInterceptor(PortalMetrics metrics) : Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesInterceptor
    {
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<DbContext, List<AuditEvent>> _pending = [];

        public override ValueTask<Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int>> SavingChangesAsync(
            Microsoft.EntityFrameworkCore.Diagnostics.DbContextEventData eventData, Microsoft.EntityFrameworkCore.Diagnostics.InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context)
            {
                _pending.AddOrUpdate(context, [.. context.ChangeTracker.Entries<AuditEvent>()
                    .Where(e => e.State == EntityState.Added && e.Entity.Outcome == AuditOutcome.Succeeded).Select(e => e.Entity)]);
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }

        public override ValueTask<int> SavedChangesAsync(Microsoft.EntityFrameworkCore.Diagnostics.SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context is { } context && _pending.TryGetValue(context, out var events))
            {
                _pending.Remove(context);
                foreach (var e in events)
                {
                    switch (e.Action)
                    {
                        case AuditActions.MemberAdd:
                            metrics.ShareAdded();
                            break;
                        case AuditActions.ShareAccept or AuditActions.ShareReject or AuditActions.SharePending:
                            metrics.StatusChanged(e.Action);
                            break;
                        case AuditActions.RequestSubmit:
                            metrics.RequestCreated();
                            break;
                    }
                }
            }

            return base.SavedChangesAsync(eventData, result, cancellationToken);
        }
    }
}
