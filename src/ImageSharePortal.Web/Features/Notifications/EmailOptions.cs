using MimeKit;

namespace ImageSharePortal.Web.Features.Notifications;

public enum EmailMode
{
    /// <summary>Messages are written as .eml files to a local folder and shown on /dev/mailbox. No SMTP server needed.</summary>
    MailDrop,

    /// <summary>Messages go to an SMTP server through MailKit.</summary>
    Smtp,
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Email</c> section: how notifications leave the portal and how the outbox retries.</summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public EmailMode Mode { get; set; } = EmailMode.MailDrop;

    /// <summary>Sender, e.g. <c>ImageSharePortal &lt;noreply@example.org&gt;</c>.</summary>
    public string From { get; set; } = "ImageSharePortal <noreply@imageshare.example>";

    /// <summary>The portal's public address, for links in messages.</summary>
    public string PortalUrl { get; set; } = "http://127.0.0.1:5080";

    public string MailDropFolder { get; set; } = "data/maildrop";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the outbox worker looks for due messages (it is also woken right after a commit).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First retry delay; doubles each attempt (with jitter) up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>After this many failed attempts a message is marked failed and shown to producers.</summary>
    public int MaxAttempts { get; set; } = 10;

    public override string ToString() => $"Email({Mode}, {Host}:{Port}, {Security}, user {(UserName is null ? "none" : "set")})";
}

internal sealed class EmailOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<EmailOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new List<string>();
        if (!MailboxAddress.TryParse(options.From, out _))
        {
            errors.Add($"Email:From '{options.From}' is not an email address (e.g. 'Portal <noreply@example.org>').");
        }

        if (!Uri.TryCreate(options.PortalUrl, UriKind.Absolute, out var portal) || portal.Scheme is not ("http" or "https"))
        {
            errors.Add($"Email:PortalUrl '{options.PortalUrl}' must be an absolute http(s) URL.");
        }

        if (options.Mode == EmailMode.Smtp)
        {
            if (string.IsNullOrWhiteSpace(options.Host))
            {
                errors.Add("Email:Host is required when Email:Mode is Smtp.");
            }

            if (options.Port is < 1 or > 65535)
            {
                errors.Add($"Email:Port {options.Port} is not a TCP port (1-65535).");
            }

            if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
            {
                errors.Add("Email:UserName and Email:Password go together: set both or neither.");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.MailDropFolder))
        {
            errors.Add("Email:MailDropFolder is required when Email:Mode is MailDrop.");
        }

        if (options.MaxAttempts < 1)
        {
            errors.Add("Email:MaxAttempts must be at least 1.");
        }

        if (options.PollInterval <= TimeSpan.Zero || options.RetryBaseDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            errors.Add("Email:PollInterval and Email:RetryBaseDelay must be positive and Email:MaxRetryDelay at least RetryBaseDelay.");
        }

        return errors.Count == 0
            ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
            : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(errors);
    }
}
