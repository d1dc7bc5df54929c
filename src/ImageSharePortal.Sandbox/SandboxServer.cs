using System.Collections.Concurrent;
using System.Net;
using ImageSharePortal.Sandbox.Api;
using ImageSharePortal.Sandbox.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Sandbox;

/// <summary>
/// The embedded Images API: a small Kestrel app, on loopback only, that answers like a Glance v2 with trusted
/// identity headers, backed by SQLite. Start it as a hosted service (see <c>AddImagesSandbox</c>).
/// </summary>
public sealed class SandboxServer : IHostedService, IAsyncDisposable
{
    private const int RequestLogCapacity = 1000;

    private readonly SandboxOptions _options;
    private readonly IHostEnvironment _environment;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<Uri> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _recent = new();
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebApplication? _app;
    private SandboxState? _state;
    private long _requestCount;

    public SandboxServer(IOptions<SandboxOptions> options, IHostEnvironment environment, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _environment = environment;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<SandboxServer>();
    }

    /// <summary>Where the API answers once started, e.g. <c>http://127.0.0.1:5081/</c>; null before.</summary>
    public Uri? BaseAddress { get; private set; }

    /// <summary>Every request the API received (including refused ones) since start or <see cref="ResetRequestLog"/>.</summary>
    public long RequestCount => Interlocked.Read(ref _requestCount);

    /// <summary>The User-Agent of the last request (how Glance's logs would show the caller).</summary>
    public string? LastUserAgent { get; private set; }

    /// <summary>The last 1000 requests as <c>"GET /v2/images?visibility=shared&amp;member_status=pending"</c>, oldest first.</summary>
    public IReadOnlyList<string> RecentRequests => [.. _recent];

    /// <summary>The absolute path of the SQLite file in use.</summary>
    public string DatabaseFile => Path.GetFullPath(Path.Combine(_environment.ContentRootPath, _options.DatabasePath));

    public Task<Uri> GetBaseAddressAsync(CancellationToken ct) => _started.Task.WaitAsync(ct);

    public void ResetRequestLog()
    {
        _recent.Clear();
        Interlocked.Exchange(ref _requestCount, 0);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken);
        try
        {
            if (_app is not null)
            {
                return;
            }

            if (!SandboxOptionsValidator.TryParseListenUrl(_options.Url, out var endPoint, out var error))
            {
                throw new OptionsValidationException(SandboxOptions.SectionName, typeof(SandboxOptions), [error]);
            }

            var app = Build(endPoint);
            try
            {
                await PrepareDatabaseAsync(app.Services, cancellationToken);
                await app.StartAsync(cancellationToken);
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            _app = app;

            var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            var port = new Uri(bound).Port;
            var host = endPoint.Address.Equals(IPAddress.IPv6Loopback) ? "[::1]" : endPoint.Address.ToString();
            BaseAddress = new Uri($"http://{host}:{port}/");
            _logger.LogInformation("Images API sandbox listening on {Url} (database {Database})", BaseAddress.ToString().TrimEnd('/'), DatabaseFile);
            _started.TrySetResult(BaseAddress);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _started.TrySetException(e);
            throw;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown time may already be spent (the portal waited for open circuits): stop at once, never throw.
        // A host that gave up waiting may dispose the sandbox while this still runs: then there is nothing left to stop.
        try
        {
            await _lifecycle.WaitAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        try
        {
            if (_app is not null)
            {
                try
                {
                    await _app.StopAsync(cancellationToken);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
                {
                    // Out of time, or disposed meanwhile: the connections still open are dropped when the app is disposed.
                }
            }
        }
        finally
        {
            try
            {
                _lifecycle.Release();
            }
            catch (ObjectDisposedException)
            {
                // Disposed meanwhile (see above).
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }

        _state?.Dispose();
        _lifecycle.Dispose();
        _started.TrySetCanceled();
    }

    private WebApplication Build(IPEndPoint endPoint)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            // The sandbox's address as its only URL: it wins over the host's ASPNETCORE_URLS (or a launch profile's
            // applicationUrl), which the builder reads when it is made, and Kestrel has no endpoint to "override" it with.
            Args = ["--urls", $"http://{endPoint}"],
            ApplicationName = typeof(SandboxServer).Assembly.GetName().Name,
            ContentRootPath = _environment.ContentRootPath,
            EnvironmentName = _environment.EnvironmentName,
        });

        // The host's own configuration (Kestrel endpoints, URLs, ...) must not leak into the sandbox.
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerFactory>(new EmbeddedLoggerFactory(_loggerFactory));
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseKestrel(kestrel => kestrel.AddServerHeader = false);

        var connection = new SqliteConnectionStringBuilder { DataSource = DatabaseFile, Pooling = true, DefaultTimeout = 30 }.ToString();
        // Every SQL command at Information would drown the host's log: keep them at Debug.
        builder.Services.AddDbContext<SandboxDbContext>(db => db.UseSqlite(connection)
            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandExecuted, LogLevel.Debug))));
        _state ??= new SandboxState(_options.MemberQuota, TimeProvider.System);
        builder.Services.AddSingleton(_state);
        builder.Services.AddSingleton(new GlancePolicy(_options.SecureRbac));

        var app = builder.Build();
        app.Use(RecordAndGuard);
        app.UseStatusCodePages(WriteEmptyStatusAsGlance);

        var v2 = app.MapGroup("/v2");
        ImagesEndpoints.Map(v2);
        MembersEndpoints.Map(v2);
        SchemasEndpoints.Map(app, v2);
        return app;
    }

    /// <summary>Counts the request, refuses non-loopback callers, then reads the caller's identity like Glance's context middleware.</summary>
    private async Task RecordAndGuard(HttpContext context, RequestDelegate next)
    {
        Interlocked.Increment(ref _requestCount);
        LastUserAgent = context.Request.Headers.UserAgent.ToString();
        _recent.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
        while (_recent.Count > RequestLogCapacity && _recent.TryDequeue(out _))
        {
        }

        // Defence in depth: Kestrel binds loopback only, but the sandbox trusts identity headers, so check again.
        if (!IsLoopback(context.Connection.RemoteIpAddress))
        {
            await GlanceError.Forbidden("The Images API sandbox answers loopback callers only.").ExecuteAsync(context);
            return;
        }

        // DNS rebinding: a web page whose name resolves to 127.0.0.1 reaches a loopback port with its own Host header.
        if (!IsLoopbackHost(context.Request.Host.Host))
        {
            await GlanceError.Forbidden("The Images API sandbox answers requests addressed to its loopback address only.").ExecuteAsync(context);
            return;
        }

        // Like Glance, the version document needs no identity; everything under /v2 does.
        if (context.Request.Path.StartsWithSegments("/v2"))
        {
            var caller = GlanceCaller.FromHeaders(context.Request.Headers);
            if (caller is null)
            {
                await GlanceError.Unauthorized().ExecuteAsync(context);
                return;
            }

            caller.AttachTo(context);
        }

        await next(context);
    }

    internal static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);

    /// <summary>A Host header naming the loopback interface: <c>localhost</c> or a loopback address literal.</summary>
    internal static bool IsLoopbackHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>Unknown routes and methods answer with Glance's bodies instead of empty ones.</summary>
    private static Task WriteEmptyStatusAsGlance(StatusCodeContext context)
    {
        var status = context.HttpContext.Response.StatusCode;
        var error = status switch
        {
            StatusCodes.Status404NotFound => GlanceError.Explained(404, "The resource could not be found."),
            StatusCodes.Status405MethodNotAllowed => GlanceError.MethodNotAllowed(context.HttpContext.Request.Method),
            _ => null,
        };
        return error?.ExecuteAsync(context.HttpContext) ?? Task.CompletedTask;
    }

    private async Task PrepareDatabaseAsync(IServiceProvider services, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(DatabaseFile);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SandboxDbContext>();
        await db.Database.EnsureCreatedAsync(ct);
        // WAL lets readers carry on while a write is in flight; the setting is stored in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        if (_options.Seed)
        {
            var seeded = await SandboxSeeder.SeedIfEmptyAsync(db, ct);
            if (seeded > 0)
            {
                _logger.LogInformation("Images API sandbox seeded {Description} for the demo projects", SandboxSeeder.Describe());
            }
        }
    }
}
