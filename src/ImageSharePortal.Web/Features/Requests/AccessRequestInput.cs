using System.Text.RegularExpressions;
using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Requests;

/// <summary>The "Request access" form as posted. The project ID field is read only for anonymous visitors.</summary>
public sealed class AccessRequestForm
{
    public string? ProjectId { get; set; }
    public string? Email { get; set; }
    public string? Message { get; set; }
}

/// <summary>A validated request: clean values, or one plain sentence per bad field.</summary>
public sealed record AccessRequestInput(string? ProjectId, string? Email, string Message, IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var error) ? error : null;
}

/// <summary>
/// What the portal accepts from a visitor. Refuses rather than cleans up: nothing bad is stored. With a localizer the
/// sentences are in the person's language (the English ones are the same words as without).
/// </summary>
public static partial class AccessRequestValidation
{
    public const string ProjectIdField = nameof(AccessRequestForm.ProjectId);
    public const string EmailField = nameof(AccessRequestForm.Email);
    public const string MessageField = nameof(AccessRequestForm.Message);

    public static AccessRequestInput Validate(string? projectId, string? email, string? message, ProjectIdPolicy? policy = null, IStringLocalizer<Strings>? localizer = null)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var (cleanProject, projectError) = ValidateProjectId(projectId, policy, localizer);
        if (projectError is not null)
        {
            errors[ProjectIdField] = projectError;
        }

        var (cleanEmail, emailError) = ValidateEmail(email, localizer);
        if (emailError is not null)
        {
            errors[EmailField] = emailError;
        }

        var (cleanMessage, messageError) = ValidateText(message, AccessRequestRules.MessageMaxLength, "message", localizer);
        if (messageError is not null)
        {
            errors[MessageField] = messageError;
        }

        return new AccessRequestInput(cleanProject, cleanEmail, cleanMessage ?? "", errors);
    }

    /// <summary>The same rules as adding a member: trimmed, lower-cased, and it must look like a project ID of this cloud.</summary>
    public static (string? ProjectId, string? Error) ValidateProjectId(string? input, ProjectIdPolicy? policy = null, IStringLocalizer<Strings>? localizer = null)
    {
        policy ??= ProjectIdPolicy.Default;
        if (string.IsNullOrWhiteSpace(input))
        {
            return (null, localizer is null
                ? Words.English("Requests.EnterProjectId", policy.Described)
                : localizer["Requests.EnterProjectId", policy.Described]);
        }

        var (id, refusal) = policy.Inspect(input);
        return refusal is null ? (id, null)
            : (null, localizer is null ? ErrorText.English(refusal, own: true) : ErrorText.For(localizer, refusal, own: true));
    }

    public static (string? Email, string? Error) ValidateEmail(string? input, IStringLocalizer<Strings>? localizer = null)
    {
        var (email, refusal) = Shared.EmailAddresses.Inspect(input);
        return refusal is null ? (email, null)
            : (null, localizer is null ? ErrorText.English(refusal) : ErrorText.For(localizer, refusal));
    }

    /// <summary>Optional free text: at most <paramref name="maxLength"/> characters, no control characters, no HTML tags.</summary>
    /// <remarks>With a localizer, <paramref name="what"/> "message" and "reason" are said in the person's language.</remarks>
    public static (string? Text, string? Error) ValidateText(string? input, int maxLength, string what, IStringLocalizer<Strings>? localizer = null)
    {
        var noun = localizer is null ? null : what switch
        {
            "message" => localizer["Requests.FieldMessage"].Value,
            "reason" => localizer["Requests.FieldReason"].Value,
            _ => null,
        };
        string Say(string english, string key, params object[] more) =>
            noun is null || localizer is null ? english : localizer[key, [noun, .. more]];

        var trimmed = input?.Trim() ?? "";
        if (trimmed.Length > maxLength)
        {
            return (null, Say($"The {what} is at most {maxLength} characters; it has {trimmed.Length}.", "Requests.TextTooLong", maxLength, trimmed.Length));
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return (null, Say($"The {what} contains control characters. Remove them and try again.", "Requests.TextControl"));
        }

        if (TextRules.HasDisguisingCharacters(trimmed))
        {
            return (null, Say(TextRules.DisguisingMessage(what), "Requests.TextDisguising"));
        }

        if (HtmlTag().IsMatch(trimmed))
        {
            return (null, Say($"The {what} cannot contain HTML tags such as <script>. Write plain text.", "Requests.TextHtml"));
        }

        return (trimmed, null);
    }

    [GeneratedRegex(@"<\s*/?\s*[A-Za-z!?][^>]*>|<\s*script", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();
}
