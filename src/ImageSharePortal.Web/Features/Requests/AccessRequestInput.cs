using System.Text.RegularExpressions;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;

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

/// <summary>What the portal accepts from a visitor. Refuses rather than cleans up: nothing bad is stored.</summary>
public static partial class AccessRequestValidation
{
    public const string ProjectIdField = nameof(AccessRequestForm.ProjectId);
    public const string EmailField = nameof(AccessRequestForm.Email);
    public const string MessageField = nameof(AccessRequestForm.Message);

    public static AccessRequestInput Validate(string? projectId, string? email, string? message, ProjectIdPolicy? policy = null)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var (cleanProject, projectError) = ValidateProjectId(projectId, policy);
        if (projectError is not null)
        {
            errors[ProjectIdField] = projectError;
        }

        var (cleanEmail, emailError) = ValidateEmail(email);
        if (emailError is not null)
        {
            errors[EmailField] = emailError;
        }

        var (cleanMessage, messageError) = ValidateText(message, AccessRequestRules.MessageMaxLength, "message");
        if (messageError is not null)
        {
            errors[MessageField] = messageError;
        }

        return new AccessRequestInput(cleanProject, cleanEmail, cleanMessage ?? "", errors);
    }

    /// <summary>The same rules as adding a member: trimmed, lower-cased, and it must look like a project ID of this cloud.</summary>
    public static (string? ProjectId, string? Error) ValidateProjectId(string? input, ProjectIdPolicy? policy = null)
    {
        policy ??= ProjectIdPolicy.Default;
        if (string.IsNullOrWhiteSpace(input))
        {
            return (null, $"Enter your project ID: {policy.Description}, shown by 'openstack project show <name> -f value -c id' or in the portal's top bar when signed in.");
        }

        return policy.Check(input, "your");
    }

    public static (string? Email, string? Error) ValidateEmail(string? input) => Shared.EmailAddresses.Validate(input);

    /// <summary>Optional free text: at most <paramref name="maxLength"/> characters, no control characters, no HTML tags.</summary>
    public static (string? Text, string? Error) ValidateText(string? input, int maxLength, string what)
    {
        var trimmed = input?.Trim() ?? "";
        if (trimmed.Length > maxLength)
        {
            return (null, $"The {what} is at most {maxLength} characters; it has {trimmed.Length}.");
        }

        if (trimmed.Any(c => char.IsControl(c) && c is not '\n' and not '\r' and not '\t'))
        {
            return (null, $"The {what} contains control characters. Remove them and try again.");
        }

        if (TextRules.HasDisguisingCharacters(trimmed))
        {
            return (null, TextRules.DisguisingMessage(what));
        }

        if (HtmlTag().IsMatch(trimmed))
        {
            return (null, $"The {what} cannot contain HTML tags such as <script>. Write plain text.");
        }

        return (trimmed, null);
    }

    [GeneratedRegex(@"<\s*/?\s*[A-Za-z!?][^>]*>|<\s*script", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlTag();
}
