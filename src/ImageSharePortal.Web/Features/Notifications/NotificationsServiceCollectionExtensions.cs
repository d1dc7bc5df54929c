using Microsoft.Extensions.DependencyInjection.Extensions;

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
        var mode = configuration.GetSection(EmailOptions.SectionName).GetValue(nameof(EmailOptions.Mode), EmailMode.MailDrop);
        if (mode == EmailMode.Smtp)
        {
            services.AddSingleton<IEmailSender, SmtpEmailSender>();
        }
        else
        {
#if EMBEDDED_DEFAULT
            services.AddMailDrop();
#else
            throw new InvalidOperationException(PortalStartup.LeftOut("Email:Mode is 'MailDrop'", "Set Email:Mode=Smtp and Email:Host."));
#endif
        }

        services.AddSingleton<OutboxProgress>();
        services.AddHostedService<OutboxWorker>();
        return services;
    }
}
