using System.Text.RegularExpressions;
using MimeKit;

namespace ImageSharePortal.Web.Features.Shared;

/// <summary>Why a typed email address is refused (in the rules' order).</summary>
public enum EmailProblem
{
    Empty,
    TooLong,
    ControlCharacters,
    NotAnAddress,
}

/// <summary>A refused email address: the reason and the trimmed length.</summary>
public sealed record EmailRefusal(EmailProblem Problem, int Length);

/// <summary>
/// The portal's rule for an email address, wherever one comes in (a request, a share's extra address, a sign-in's claim
/// or Keystone record): trimmed, at most <see cref="AccessRequestRules.EmailMaxLength"/> characters, one plain mailbox.
/// </summary>
public static partial class EmailAddresses
{
    /// <summary>The trimmed address, or why it is refused (the sentence is <see cref="Localization.ErrorText"/>'s).</summary>
    public static (string? Email, EmailRefusal? Refusal) Inspect(string? input)
    {
        var trimmed = input?.Trim() ?? "";
        EmailProblem? problem = trimmed.Length == 0 ? EmailProblem.Empty
            : trimmed.Length > AccessRequestRules.EmailMaxLength ? EmailProblem.TooLong
            : trimmed.Any(char.IsControl) ? EmailProblem.ControlCharacters
            : !EmailShape().IsMatch(trimmed) || !MailboxAddress.TryParse(trimmed, out var parsed) || parsed.Address != trimmed ? EmailProblem.NotAnAddress
            : null;
        return problem is { } why ? (null, new EmailRefusal(why, trimmed.Length)) : (trimmed, null);
    }

    /// <summary>The trimmed address, or one English sentence saying why it is refused (pages use <see cref="Inspect"/>).</summary>
    public static (string? Email, string? Error) Validate(string? input)
    {
        var (email, refusal) = Inspect(input);
        return refusal is null ? (email, null) : (null, Localization.ErrorText.English(refusal));
    }

    // Deliberately narrower than RFC 5322: one @, a dotted domain, no spaces, quotes or brackets.
    [GeneratedRegex(@"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailShape();
}
