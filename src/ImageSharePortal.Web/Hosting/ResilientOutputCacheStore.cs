using StackExchange.Redis;

namespace ImageSharePortal.Web.Hosting;

/// <summary>
/// The Redis output cache, but a Redis outage is a cache miss (the page is rendered) rather than a failed request.
/// </summary>
internal sealed partial class ResilientOutputCacheStore(Microsoft.AspNetCore.OutputCaching.IOutputCacheStore inner, ILogger<ResilientOutputCacheStore> logger)
    : Microsoft.AspNetCore.OutputCaching.IOutputCacheStore
{
    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            await inner.EvictByTagAsync(tag, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogUnavailable(logger, "evict", e.GetType().Name);
        }
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await inner.GetAsync(key, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogUnavailable(logger, "read", e.GetType().Name);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        try
        {
            await inner.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogUnavailable(logger, "store", e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared page cache could not {Operation} ({Reason}): rendering instead")]
    private static partial void LogUnavailable(ILogger logger, string operation, string reason);
}
