using ImageSharePortal.Web.Localization;

namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>
/// A mail is written in its reader's language, not the sender's: the language of the address's last sign-in, else of
/// the last request form sent with it, else English. Composed under that culture (<see cref="Compose{T}"/>), the
/// templates' words and dates follow it; the outbox then sends what was written.
/// </summary>
public static class MailLanguage
{
    /// <summary>The language the portal last saw <paramref name="email"/> use.</summary>
    public static async Task<string> ForAsync(PortalDbContext db, string? email, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrWhiteSpace(email))
        {
            return PortalCultures.Default;
        }

        var lower = email.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison is not
        var signedIn = await db.ProjectContacts.AsNoTracking().Where(c => c.Email.ToLower() == lower && c.Language != null)
            .OrderByDescending(c => c.LastSeenAt).Select(c => c.Language).FirstOrDefaultAsync(cancellationToken);
        var asked = signedIn is null
            ? await db.AccessRequests.AsNoTracking().Where(r => r.RequesterEmail.ToLower() == lower && r.Language != null)
                .OrderByDescending(r => r.CreatedAt).Select(r => r.Language).FirstOrDefaultAsync(cancellationToken)
            : null;
#pragma warning restore CA1862
        return PortalCultures.Match(signedIn ?? asked) ?? PortalCultures.Default;
    }

    /// <summary>Writes the mail in <paramref name="language"/>: the templates' words and dates follow it.</summary>
    public static T Compose<T>(string language, Func<T> compose) => PortalCultures.Run(language, compose);
}
