using Microsoft.Extensions.Caching.Distributed;

namespace ImageSharePortal.Web.Auth;

/// <summary>
/// Sessions that signed out, until their cookies could no longer be valid anyway (8 hours): a copy of a cookie kept
/// from before, and every page still open in another tab, stop working at once. In the distributed cache, so with Redis
/// every instance knows; one look-up per request, and at most one a second per live page.
/// </summary>
public sealed class SignedOutSessions(IDistributedCache cache, TimeProvider clock)
{
    public static readonly TimeSpan Remembered = TimeSpan.FromHours(8) + TimeSpan.FromMinutes(5);

    public async Task AddAsync(string sessionId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        await cache.SetAsync(Key(sessionId), [1], new DistributedCacheEntryOptions { AbsoluteExpiration = clock.GetUtcNow() + Remembered }, cancellationToken);
    }

    public async Task<bool> IsSignedOutAsync(string? sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return false;
        }

        try
        {
            return await cache.GetAsync(Key(sessionId), cancellationToken) is not null;
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The shared cache does not answer: this instance cannot tell, and sign-out on this instance still held.
            return false;
        }
    }

    private static string Key(string sessionId) => "isp:signed-out:" + sessionId;
}

/// <summary>Sign-out in any mode records the session as signed out.</summary>
internal sealed class SignedOutSessionEnd(SignedOutSessions sessions) : ISessionEndHandler
{
    public Task EndSessionAsync(string sessionId, CancellationToken cancellationToken) => sessions.AddAsync(sessionId, cancellationToken);
}
