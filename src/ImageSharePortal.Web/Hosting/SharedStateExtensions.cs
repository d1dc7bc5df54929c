using System.Text.Json;
using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection
{
/// <summary>
/// What instances must share, in Redis when <c>ConnectionStrings:Redis</c> is set: Data Protection keys, Keystone
/// sessions, live notices, throttling counters, the catalogue's page cache and its invalidation. Without it each of
/// them stays in this process, which is right for one instance (the embedded default).
/// </summary>
public static class SharedStateExtensions
{
    private static void DecorateOutputCacheStore(IServiceCollection services)
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(Microsoft.AspNetCore.OutputCaching.IOutputCacheStore));
        services.Remove(descriptor);
        services.AddSingleton<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>(sp =>
        {
            var inner = descriptor.ImplementationInstance as Microsoft.AspNetCore.OutputCaching.IOutputCacheStore
                ?? descriptor.ImplementationFactory?.Invoke(sp) as Microsoft.AspNetCore.OutputCaching.IOutputCacheStore
                ?? (Microsoft.AspNetCore.OutputCaching.IOutputCacheStore)ActivatorUtilities.CreateInstance(sp, descriptor.ImplementationType!);
            return new ResilientOutputCacheStore(inner, sp.GetRequiredService<ILogger<ResilientOutputCacheStore>>());
        });
    }

    public static IServiceCollection AddPortalSharedState(this IServiceCollection services, IConfiguration configuration)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("ImageSharePortal");
        var redisConnection = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redisConnection))
        {
            services.AddSingleton<IFixedWindowCounter, MemoryFixedWindowCounter>();
            return services;
        }

        var options = ConfigurationOptions.Parse(redisConnection);
        options.AbortOnConnectFail = false; // start (and report unready) while Redis is down; reconnect when it returns
        options.ClientName ??= "ImageSharePortal";
        var redis = ConnectionMultiplexer.Connect(options);
        services.AddSingleton<IConnectionMultiplexer>(redis);

        // Keys in Redis, so a cookie or antiforgery token made by one instance opens on every other. Encrypted at rest
        // with a certificate when DataProtection:CertificatePath is set.
        dataProtection.PersistKeysToStackExchangeRedis(redis, RedisKeys.DataProtection);
        var certificate = configuration["DataProtection:CertificatePath"];
        if (!string.IsNullOrWhiteSpace(certificate))
        {
            dataProtection.ProtectKeysWithCertificate(
                System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12FromFile(certificate, configuration["DataProtection:CertificatePassword"]));
        }

        services.AddSingleton<ISharedSessionStore, RedisSessionStore>();
        services.AddSingleton<IFixedWindowCounter, RedisFixedWindowCounter>();
        services.AddSingleton<RedisChannels>();
        services.AddSingleton<ILiveNoticeBus>(sp => sp.GetRequiredService<RedisChannels>());
        services.AddSingleton<ICatalogueChangeBus>(sp => sp.GetRequiredService<RedisChannels>());
        services.AddStackExchangeRedisCache(o => // HybridCache's second level (member lists)
        {
            o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(redis);
            o.InstanceName = RedisKeys.Prefix + "cache:";
        });
        services.AddStackExchangeRedisOutputCache(o =>
        {
            o.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(redis);
            o.InstanceName = RedisKeys.Prefix + "output:";
        });
        DecorateOutputCacheStore(services);
        return services;
    }
}
}

namespace ImageSharePortal.Web.Hosting
{
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
}
