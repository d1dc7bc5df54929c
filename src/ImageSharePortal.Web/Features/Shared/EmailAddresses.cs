using System.Text.RegularExpressions;
using ImageSharePortal.Web.Store;
using MimeKit;

namespace ImageSharePortal.Web.Features.Shared;

/// <summary>
/// The portal's rule for an email address, wherever one comes in (a request, a share's extra address, a sign-in's claim
/// or Keystone record): trimmed, at most <see cref="AccessRequestRules.EmailMaxLength"/> characters, one plain mailbox.
/// </summary>
public static partial class EmailAddresses
{
    public static (string? Email, string? Error) Validate(string? input)
    {
        var trimmed = input?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            return (null, "Enter an email address: the producer writes to it when the image is shared.");
        }

        if (trimmed.Length > AccessRequestRules.EmailMaxLength)
        {
            return (null, $"An email address is at most {AccessRequestRules.EmailMaxLength} characters; this one has {trimmed.Length}.");
        }

        if (trimmed.Any(char.IsControl))
        {
            return (null, "The email address contains control characters. Type it again.");
        }

        if (!EmailShape().IsMatch(trimmed) || !MailboxAddress.TryParse(trimmed, out var parsed) || parsed.Address != trimmed)
        {
            return (null, "That is not an email address. Write it like name@example.org.");
        }

        return (trimmed, null);
    }

    // Deliberately narrower than RFC 5322: one @, a dotted domain, no spaces, quotes or brackets.
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailShape();
}
