using ImageSharePortal.Images;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Http.Resilience;
using Refit;

namespace Microsoft.Extensions.DependencyInjection;

public static class ImagesServiceCollectionExtensions
{
    /// <summary>
    /// The Images API client: a source-generated Refit client with resilience outside (retries only on
    /// idempotent methods) and the identity handler inside, and <see cref="IImagesClient"/> for features.
    /// The host registers an <see cref="IImagesCallerAccessor"/>.
    /// </summary>
    public static IServiceCollection AddImagesApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ImagesApiOptions>()
            .Bind(configuration.GetSection(ImagesApiOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => o.BaseUrl is null || o.BaseUrl.IsAbsoluteUri, "ImagesApi:BaseUrl must be an absolute URL.")
            .ValidateOnStart();

        var options = configuration.GetSection(ImagesApiOptions.SectionName).Get<ImagesApiOptions>() ?? new ImagesApiOptions();

        services.AddTransient<ImagesIdentityHandler>();
        var client = services.AddRefitGeneratedClient<IGlanceImagesApi>(new RefitSettings
            {
                ContentSerializer = new SystemTextJsonContentSerializer(ImagesJsonContext.Default.Options),
            })
            .ConfigureHttpClient(http => http.BaseAddress = ImagesIdentityHandler.PlaceholderBase);

        // The first handler added is the outermost: resilience wraps the identity handler, so every attempt
        // is re-addressed and re-authenticated. POST (add member) is never retried.
        client.AddStandardResilienceHandler(resilience =>
        {
            resilience.Retry.DisableForUnsafeHttpMethods();
            resilience.Retry.MaxRetryAttempts = 2;
            resilience.Retry.Delay = TimeSpan.FromMilliseconds(200);
            resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
            resilience.TotalRequestTimeout.Timeout = options.TotalTimeout;
            resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2;
        });
        client.AddHttpMessageHandler<ImagesIdentityHandler>();

        services.AddScoped<IImagesClient, ImagesClient>();
        return services;
    }
}
