using ImageSharePortal.Web.Features.Notifications;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Email notifications: <see cref="EmailOptions"/> (section <c>Email</c>, validated at start), the sender for the
    /// configured mode (MailKit SMTP, or the mail-drop folder) and the outbox worker that sends.
    /// </summary>
    public static IServiceCollection AddPortalEmail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EmailOptions>().Bind(configuration.GetSection(EmailOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EmailOptions>, EmailOptionsValidator>());
        services.AddSingleton<MailDrop>();
        services.AddSingleton<SmtpEmailSender>();
        services.AddSingleton<MailDropEmailSender>();
        services.AddSingleton<IEmailSender>(sp => sp.GetRequiredService<IOptions<EmailOptions>>().Value.Mode == EmailMode.Smtp
            ? sp.GetRequiredService<SmtpEmailSender>()
            : sp.GetRequiredService<MailDropEmailSender>());
        services.AddSingleton<OutboxProgress>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }
}
