using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Primitives;

namespace ImageSharePortal.Web.Features.Catalogue;

/// <summary>
/// The catalogue's two caches: the rendered anonymous pages (ASP.NET Core output cache, tag <see cref="Tag"/>) and the
/// query results (memory). A publish, an edit or an unpublish through the portal empties both at once; a change made
/// straight in the store shows within <see cref="PortalOptions.CatalogueCacheLifetime"/>.
/// </summary>
public sealed class CatalogueCache : IDisposable
{
    /// <summary>The output cache tag and policy of every anonymous catalogue page.</summary>
    public const string Tag = "catalogue";

    private readonly IMemoryCache _memory;
    private readonly IOutputCacheStore _output;
    private readonly IOptions<PortalOptions> _options;
    private readonly ICatalogueChangeBus? _bus;
    private CancellationTokenSource _generation = new();

    /// <summary>With several instances, <paramref name="bus"/> tells the others to forget their cached queries too.</summary>
    public CatalogueCache(IMemoryCache memory, IOutputCacheStore output, IOptions<PortalOptions> options, ICatalogueChangeBus? bus = null)
    {
        _memory = memory;
        _output = output;
        _options = options;
        _bus = bus;
        _bus?.OnChange(ForgetQueries);
    }

    public TimeSpan Lifetime => _options.Value.CatalogueCacheLifetime;

    public async Task<T> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<T>> load, CancellationToken cancellationToken)
    {
        if (Lifetime <= TimeSpan.Zero)
        {
            return await load(cancellationToken);
        }

        var cacheKey = (typeof(CatalogueCache), key);
        if (_memory.TryGetValue(cacheKey, out T? cached))
        {
            return cached!;
        }

        // Taken before the load: a result read while a change lands is stored already expired, never kept stale.
        var generation = _generation.Token;
        var value = await load(cancellationToken);
        using (var entry = _memory.CreateEntry(cacheKey))
        {
            entry.Value = value;
            entry.AbsoluteExpirationRelativeToNow = Lifetime;
            entry.AddExpirationToken(new CancellationChangeToken(generation));
        }

        return value;
    }

    /// <summary>A listing changed: forget every cached catalogue answer and page.</summary>
    public async Task InvalidateAsync(CancellationToken cancellationToken = default)
    {
        ForgetQueries();
        await _output.EvictByTagAsync(Tag, cancellationToken);
        if (_bus is not null)
        {
            await _bus.PublishChangeAsync();
        }
    }

    private void ForgetQueries()
    {
        var old = Interlocked.Exchange(ref _generation, new CancellationTokenSource());
        old.Cancel();
        old.Dispose();
    }

    public void Dispose() => _generation.Dispose();

    /// <summary>
    /// Marks an anonymous catalogue response as cacheable by browsers and proxies: revalidated on every use with an
    /// ETag of what the page shows (the same on every instance), so a visitor never sees an old catalogue.
    /// </summary>
    public static void MarkCacheable(HttpContext? http, string content)
    {
        if (http is null || http.Response.HasStarted || http.User.Identity?.IsAuthenticated == true || !HttpMethods.IsGet(http.Request.Method))
        {
            return;
        }

        // The page's language is part of what it shows: a switch of language is never answered with a 304.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(System.Globalization.CultureInfo.CurrentUICulture.Name + "\n" + content));
        http.Response.Headers.ETag = $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 12))}\"";
        http.Response.Headers.CacheControl = "public, no-cache";
        http.Response.Headers.Vary = "Cookie, Accept-Encoding, Accept-Language";
    }
}

/// <summary>Tells every instance that a listing changed (Redis pub/sub when instances share Redis).</summary>
public interface ICatalogueChangeBus
{
    Task PublishChangeAsync();

    void OnChange(Action changed);
}

public static class CatalogueCachingExtensions
{
    /// <summary>
    /// Output caching and compression for the anonymous catalogue: pages with <c>[OutputCache(PolicyName = CatalogueCache.Tag)]</c>
    /// are stored per query and encoding for <see cref="PortalOptions.CatalogueCacheLifetime"/> (zero, or
    /// <see cref="PortalOptions.CataloguePageCache"/> false, turns it off).
    /// </summary>
    public static IServiceCollection AddCatalogueCaching(this IServiceCollection services, IConfiguration configuration)
    {
        var portal = configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        var lifetime = portal.CataloguePageCache ? portal.CatalogueCacheLifetime : TimeSpan.Zero;
        services.AddOutputCache(o => o.AddPolicy(CatalogueCache.Tag, new AnonymousPagePolicy(lifetime)));
        services.AddResponseCompression(o =>
        {
            // Anonymous responses only (see UseCatalogueCaching): they carry no session secret a compression oracle could leak.
            o.EnableForHttps = true;
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProvider>();
            o.Providers.Add<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProvider>();
        });
        services.Configure<Microsoft.AspNetCore.ResponseCompression.BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<Microsoft.AspNetCore.ResponseCompression.GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        return services;
    }

    /// <summary>
    /// First in the pipeline, so a hit costs no authentication, error page or antiforgery work. It can run before
    /// authentication because a visitor with a session cookie is never served from, or stored in, the cache.
    /// Compression sits inside the cache, so a hit is not compressed again.
    /// </summary>
    public static IApplicationBuilder UseCatalogueCaching(this IApplicationBuilder app)
    {
        app.UseOutputCache();
        app.UseWhen(AnonymousPagePolicy.IsAnonymousRead, branch => branch.UseResponseCompression());
        return app;
    }
}

/// <summary>
/// The output cache policy of anonymous catalogue pages. Unlike the default policy it does not need the signed-in
/// user (it runs before authentication): any request with a session cookie or an Authorization header is left alone.
/// Only 200 answers without Set-Cookie are stored.
/// </summary>
internal sealed class AnonymousPagePolicy(TimeSpan lifetime) : IOutputCachePolicy
{
    private static readonly string[] QueryKeys = ["q", "os", "page"];

    public static bool IsAnonymousRead(HttpContext http)
    {
        var request = http.Request;
        return (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            && !request.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.Authorization)
            && !request.Cookies.ContainsKey(PortalClaims.SessionCookie);
    }

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var attempt = lifetime > TimeSpan.Zero && IsAnonymousRead(context.HttpContext);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = attempt;
        context.AllowCacheStorage = attempt;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = lifetime;
        context.CacheVaryByRules.QueryKeys = QueryKeys;
        context.CacheVaryByRules.HeaderNames = Microsoft.Net.Http.Headers.HeaderNames.AcceptEncoding;
        context.CacheVaryByRules.VaryByValues["culture"] = ImageSharePortal.Web.Localization.PortalCultures.Resolve(context.HttpContext.Request);
        context.Tags.Add(CatalogueCache.Tag);
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
