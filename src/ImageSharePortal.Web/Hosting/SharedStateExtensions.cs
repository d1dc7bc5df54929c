using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Hosting;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace Microsoft.Extensions.DependencyInjection;

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
