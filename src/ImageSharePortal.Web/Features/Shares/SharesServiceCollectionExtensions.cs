using ImageSharePortal.Web.Features.Shares;

namespace Microsoft.Extensions.DependencyInjection;

public static class SharesServiceCollectionExtensions
{
    /// <summary>
    /// Time-limited shares and reminders: <see cref="SharesOptions"/> (section <c>Shares</c>), the producer and consumer
    /// services, the share-end worker and the automatic reminders. The portal acts by itself as the owner project on the
    /// embedded sandbox, and as the <c>ServiceAccount</c> on OpenStack.
    /// </summary>
    public static IServiceCollection AddPortalShares(this IServiceCollection services, IConfiguration configuration, PortalOptions portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        services.AddOptions<SharesOptions>().Bind(configuration.GetSection(SharesOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => o.NoticesBefore.All(l => l > TimeSpan.Zero), "Shares:NoticesBefore: every lead must be longer than zero.")
            .Validate(o => o.MaxRetryDelay >= o.RetryBaseDelay, "Shares:MaxRetryDelay must not be shorter than Shares:RetryBaseDelay.")
            .ValidateOnStart();
        services.AddOptions<ServiceAccountOptions>().Bind(configuration.GetSection(ServiceAccountOptions.SectionName));
        if (portal.Backend == BackendMode.OpenStack)
        {
            services.AddSingleton<IServiceImagesCaller, ServiceAccountCaller>();
        }

        // The embedded backend registers its own caller (the owner project) with the sandbox.

        services.AddScoped<BackgroundCaller>();
        services.AddSingleton<ShareEndSignal>();
        services.AddScoped<ProducerShares>();
        services.AddScoped<ShareEndsService>();
        services.AddScoped<RemindersService>();
        services.AddScoped<ReminderWriter>();
        services.AddScoped<ShareEndMessages>();
        services.AddScoped<ShareEnding>();
        services.AddHostedService<ShareEndWorker>();
        services.AddHostedService<AutoReminderWorker>();
        return services;
    }
}
