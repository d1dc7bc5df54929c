using MimeKit;

namespace ImageSharePortal.Web.Embedded;

/// <summary>The embedded default: each message becomes an .eml file in the mail-drop folder (see /dev/mailbox).</summary>
internal sealed class MailDropEmailSender(MailDrop drop, IOptions<EmailOptions> options) : IEmailSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        using var mime = EmailComposer.Compose(message, options.Value.From);
        Directory.CreateDirectory(drop.Folder);
        var name = $"{message.CreatedAt.UtcDateTime:yyyyMMdd-HHmmss}-{message.Id:N}.eml";
        var temporary = Path.Combine(drop.Folder, name + ".tmp");
        await mime.WriteToAsync(temporary, cancellationToken);
        File.Move(temporary, Path.Combine(drop.Folder, name), overwrite: true);
    }
}

/// <summary>The mail-drop folder, resolved against the content root.</summary>
public sealed class MailDrop(IOptions<EmailOptions> options, IHostEnvironment environment)
{
    public string Folder { get; } = Path.IsPathRooted(options.Value.MailDropFolder)
        ? options.Value.MailDropFolder
        : Path.Combine(environment.ContentRootPath, options.Value.MailDropFolder);

    public bool IsEnabled { get; } = options.Value.Mode == EmailMode.MailDrop;

    /// <summary>The dropped messages, newest first.</summary>
    public IReadOnlyList<DroppedMessage> List(int max = 200)
    {
        if (!IsEnabled || !Directory.Exists(Folder))
        {
            return [];
        }

        return [.. new DirectoryInfo(Folder).EnumerateFiles("*.eml")
            .OrderByDescending(f => f.Name, StringComparer.Ordinal)
            .Take(max)
            .Select(Read)];
    }

    /// <summary>One message by file name; null for anything that is not a plain file name in the folder.</summary>
    public DroppedMessage? Find(string? fileName)
    {
        if (!IsEnabled || string.IsNullOrEmpty(fileName) || fileName != Path.GetFileName(fileName)
            || !fileName.EndsWith(".eml", StringComparison.Ordinal))
        {
            return null;
        }

        var file = new FileInfo(Path.Combine(Folder, fileName));
        return file.Exists ? Read(file) : null;
    }

    private static DroppedMessage Read(FileInfo file)
    {
        using var mime = MimeMessage.Load(file.FullName);
        return new DroppedMessage(file.Name, mime.Date, mime.To.ToString(), mime.Subject ?? "", mime.TextBody ?? "", mime.HtmlBody);
    }
}

public sealed record DroppedMessage(string FileName, DateTimeOffset Date, string To, string Subject, string Text, string? Html);
