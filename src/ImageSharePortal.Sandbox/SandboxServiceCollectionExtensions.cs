using ImageSharePortal.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded Images API sandbox: binds and validates <see cref="SandboxOptions"/> from the
    /// <c>Sandbox</c> section (at start-up), and registers <see cref="SandboxServer"/> as a singleton that is
    /// also the hosted service starting it.
    /// </summary>
    public static IServiceCollection AddImagesSandbox(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SandboxOptions>()
            .Bind(configuration.GetSection(SandboxOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.TryAddSingleton<SandboxServer>();
        services.AddHostedService(sp => sp.GetRequiredService<SandboxServer>());
        return services;
    }
}
