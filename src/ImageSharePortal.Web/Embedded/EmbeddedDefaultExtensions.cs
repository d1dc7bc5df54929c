using ImageSharePortal.Web.Embedded;
using ImageSharePortal.Web.Features.Shares;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The embedded default: the in-process Images API sandbox with its demo projects, persona sign-in and the mail-drop
/// folder. A hosting choice: this folder and the Sandbox project are compiled only when <c>EmbeddedDefault</c> is true
/// (the default); <c>dotnet publish -p:EmbeddedDefault=false</c> leaves all of it out of a production build.
/// </summary>
public static class EmbeddedDefaultExtensions
{
    /// <summary>The sandbox answers the Images API client; its demo projects seed the directory and the catalogue.</summary>
    public static IServiceCollection AddEmbeddedImagesBackend(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddImagesSandbox(configuration);
        services.AddSingleton<SandboxEndpointResolver>();
        services.AddSingleton<IImagesEndpointResolver>(sp => sp.GetRequiredService<SandboxEndpointResolver>());
        services.AddSingleton<IImagesEndpointDescription>(sp => sp.GetRequiredService<SandboxEndpointResolver>());
        services.AddSingleton<IServiceImagesCaller, OwnerProjectCaller>();
        services.AddHostedService<DemoDirectorySeeder>();
        services.AddHostedService<DemoCatalogueSeeder>();
        return services;
    }

    /// <summary>Sign-in by picking a demo persona (Development only; checked by the caller).</summary>
    public static IServiceCollection AddPersonaSignIn(this IServiceCollection services) =>
        services.AddSingleton(new SignInEndpoints(SignInMode.Development, endpoints => endpoints.MapPersonaSignIn(), typeof(PersonaSignInForm)));

    /// <summary>Mail is written as .eml files to the mail-drop folder and shown on <c>/dev/mailbox</c>.</summary>
    public static IServiceCollection AddMailDrop(this IServiceCollection services)
    {
        services.AddSingleton<MailDrop>();
        services.AddSingleton<IEmailSender, MailDropEmailSender>();
        return services;
    }
}
