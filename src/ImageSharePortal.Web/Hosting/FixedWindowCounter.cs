using System.Collections.Concurrent;
using StackExchange.Redis;

namespace ImageSharePortal.Web.Hosting;

/// <summary>The answer of one counted attempt: allowed, or refused until <see cref="RetryAfter"/> has passed.</summary>
public readonly record struct CountedAttempt(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// Fixed-window attempt counters for throttling (access-request posts, sign-ins): in this process's memory, or in Redis
/// so that every instance counts into the same window.
/// </summary>
public interface IFixedWindowCounter
{
    /// <summary>Counts one attempt under <paramref name="key"/>; allowed while the window holds at most <paramref name="limit"/>.</summary>
    ValueTask<CountedAttempt> HitAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken = default);
}

internal sealed class MemoryFixedWindowCounter(TimeProvider clock) : IFixedWindowCounter
{
    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);

    public ValueTask<CountedAttempt> HitAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (_windows.Count > 10_000)
        {
            foreach (var (k, w) in _windows)
            {
                if (w.EndsAt <= now)
                {
                    _windows.TryRemove(k, out _);
                }
            }
        }

        var current = _windows.AddOrUpdate(key, _ => new Window(now + window, 1), (_, w) => w.EndsAt <= now ? new Window(now + window, 1) : w with { Count = w.Count + 1 });
        return ValueTask.FromResult(new CountedAttempt(current.Count <= limit, current.EndsAt - now));
    }

    private sealed record Window(DateTimeOffset EndsAt, int Count);
}

/// <summary>One INCR per attempt; the window's expiry is set atomically with the first one (a Lua script).</summary>
internal sealed partial class RedisFixedWindowCounter(IConnectionMultiplexer redis, ILogger<RedisFixedWindowCounter> logger) : IFixedWindowCounter
{
    private const string Script = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return { n, redis.call('PTTL', KEYS[1]) }
        """;

    public async ValueTask<CountedAttempt> HitAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken = default)
    {
        RedisResult[] result;
        try
        {
            result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script, [RedisKeys.Throttle + key], [(long)window.TotalMilliseconds]))!;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Open rather than closed: an outage of the counters must not lock everyone out of the form and sign-in.
            LogUnavailable(logger, e.GetType().Name);
            return new CountedAttempt(true, TimeSpan.Zero);
        }

        var count = (long)result[0];
        var ttl = (long)result[1];
        return new CountedAttempt(count <= limit, ttl > 0 ? TimeSpan.FromMilliseconds(ttl) : window);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Throttling counters in Redis do not answer ({Reason}): the attempt is let through")]
    private static partial void LogUnavailable(ILogger logger, string reason);
}

/// <summary>Every key the portal writes in Redis, under one prefix.</summary>
internal static class RedisKeys
{
    public const string Prefix = "isp:";
    public const string Throttle = Prefix + "throttle:";
    public const string Session = Prefix + "session:";
    public const string DataProtection = Prefix + "data-protection-keys";
    public const string NoticesChannel = Prefix + "notices";
    public const string CatalogueChannel = Prefix + "catalogue-changed";
}
