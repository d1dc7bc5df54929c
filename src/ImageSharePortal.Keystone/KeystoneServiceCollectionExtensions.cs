using ImageSharePortal.Keystone;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

public static class KeystoneServiceCollectionExtensions
{
    /// <summary>
    /// Keystone: <see cref="KeystoneOptions"/> (section, <c>OS_*</c> variables, <c>clouds.yaml</c>) validated at start,
    /// the source-generated Refit client (no retries: a token request is not idempotent) and <see cref="IKeystoneClient"/>.
    /// </summary>
    public static IServiceCollection AddKeystone(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IConfigureOptions<KeystoneOptions>>(new KeystoneOptionsSetup(configuration));
        services.AddSingleton<IValidateOptions<KeystoneOptions>, KeystoneOptionsValidator>();
        services.AddOptions<KeystoneOptions>().ValidateDataAnnotations().ValidateOnStart();

        services.AddRefitGeneratedClient<IKeystoneApi>(new RefitSettings
            {
                ContentSerializer = new SystemTextJsonContentSerializer(KeystoneJsonContext.Default.Options),

                // Keystone behind uwsgi ignores chunked request bodies: send a Content-Length.
                Buffered = true,
            })
            .ConfigureHttpClient((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<KeystoneOptions>>().Value;
                http.BaseAddress = KeystoneOptions.NormalizeAuthUrl(options.AuthUrl!);
                http.Timeout = options.Timeout;
            })
            .ConfigurePrimaryHttpMessageHandler(provider => CloudTls.CreateHandler(provider.GetRequiredService<IOptions<KeystoneOptions>>().Value));

        services.AddTransient<IKeystoneClient, KeystoneClient>();
        return services;
    }
}
