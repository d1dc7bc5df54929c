using System.Text.Json;
using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Features.Catalogue;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace ImageSharePortal.Web.Hosting;

/// <summary>
/// Keystone sessions in Redis, encrypted with Data Protection (tokens are secrets), expiring with their last token.
/// </summary>
internal sealed class RedisSessionStore(IConnectionMultiplexer redis, IDataProtectionProvider protection, TimeProvider clock) : ISharedSessionStore
{
    private readonly IDataProtector _protector = protection.CreateProtector("ImageSharePortal.KeystoneSession.v1");

    public KeystoneSession? Load(string sessionId)
    {
        RedisValue value;
        try
        {
            value = redis.GetDatabase().StringGet(RedisKeys.Session + sessionId);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new SessionStoreUnavailableException(e);
        }

        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            var json = _protector.Unprotect((byte[])value!);
            return JsonSerializer.Deserialize<KeystoneSessionRecord>(json) is { } record ? KeystoneSession.FromRecord(record) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null; // a key ring that lost the key: the person signs in again
        }
    }

    public void Save(KeystoneSession session, DateTimeOffset expiresAt)
    {
        var ttl = expiresAt - clock.GetUtcNow();
        if (ttl <= TimeSpan.Zero)
        {
            Delete(session.Id);
            return;
        }

        var payload = _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(session.ToRecord()));
        try
        {
            redis.GetDatabase().StringSet(RedisKeys.Session + session.Id, payload, ttl);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new SessionStoreUnavailableException(e);
        }
    }

    public void Delete(string sessionId)
    {
        try
        {
            redis.GetDatabase().KeyDelete(RedisKeys.Session + sessionId);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new SessionStoreUnavailableException(e);
        }
    }
}

/// <summary>
/// Redis pub/sub for the two things every instance must hear at once: live notices and catalogue changes. A
/// subscription that Redis was down for is made again when the connection comes back.
/// </summary>
internal sealed partial class RedisChannels : ILiveNoticeBus, ICatalogueChangeBus
{
    private static readonly RedisChannel Notices = RedisChannel.Literal(RedisKeys.NoticesChannel);
    private static readonly RedisChannel Catalogue = RedisChannel.Literal(RedisKeys.CatalogueChannel);

    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<RedisChannels> _logger;
    private readonly List<(RedisChannel Channel, Action<RedisChannel, RedisValue> Handler)> _wanted = [];
    private readonly HashSet<RedisChannel> _subscribed = [];

    public RedisChannels(IConnectionMultiplexer redis, ILogger<RedisChannels> logger)
    {
        _redis = redis;
        _logger = logger;
        _redis.ConnectionRestored += (_, _) => SubscribeMissing();
    }

    public async Task PublishAsync(string projectId, LiveNotice notice)
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(Notices, JsonSerializer.Serialize(new NoticeMessage(projectId, notice)));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // Best effort, like the notice itself: the change is committed and the mail is in the outbox.
            LogDeliveryFailed(_logger, e.Message);
        }
    }

    public void Start(Func<string, LiveNotice, Task> deliver) => Want(Notices, (channel, value) =>
    {
        if (!value.IsNullOrEmpty && JsonSerializer.Deserialize<NoticeMessage>((string)value!) is { } message)
        {
            _ = DeliverAsync(deliver, message);
        }
    });

    public async Task PublishChangeAsync()
    {
        try
        {
            await _redis.GetSubscriber().PublishAsync(Catalogue, "changed");
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The others' cached queries then expire with Portal:CatalogueCacheLifetime.
            LogDeliveryFailed(_logger, e.Message);
        }
    }

    public void OnChange(Action changed) => Want(Catalogue, (channel, value) => changed());

    private void Want(RedisChannel channel, Action<RedisChannel, RedisValue> handler)
    {
        lock (_wanted)
        {
            _wanted.Add((channel, handler));
        }

        SubscribeMissing();
    }

    private void SubscribeMissing()
    {
        lock (_wanted)
        {
            foreach (var (channel, handler) in _wanted)
            {
                if (_subscribed.Contains(channel))
                {
                    continue;
                }

                try
                {
                    _redis.GetSubscriber().Subscribe(channel, (c, v) =>
                    {
                        foreach (var (wanted, h) in Handlers(c))
                        {
                            h(wanted, v);
                        }
                    });
                    _subscribed.Add(channel);
                }
                catch (Exception e) when (e is RedisException or TimeoutException)
                {
                    LogDeliveryFailed(_logger, "subscribing to " + channel + " waits for Redis: " + e.GetType().Name);
                }
            }
        }
    }

    private List<(RedisChannel Channel, Action<RedisChannel, RedisValue> Handler)> Handlers(RedisChannel channel)
    {
        lock (_wanted)
        {
            return [.. _wanted.Where(w => w.Channel == channel)];
        }
    }

    private async Task DeliverAsync(Func<string, LiveNotice, Task> deliver, NoticeMessage message)
    {
        try
        {
            await deliver(message.ProjectId, message.Notice);
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            LogDeliveryFailed(_logger, e.Message);
        }
    }

    private sealed record NoticeMessage(string ProjectId, LiveNotice Notice);


    [LoggerMessage(Level = LogLevel.Warning, Message = "A message over Redis pub/sub could not be sent or delivered: {Reason}")]
    private static partial void LogDeliveryFailed(ILogger logger, string reason);
}
