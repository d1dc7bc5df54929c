using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Features.Shared;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Localization;

/// <summary>
/// The one place where the portal's error and validation sentences get their words: an Images API error that is the
/// portal's own sentence (<see cref="ImagesError.Code"/>), a project ID or email address refused by the rules, a server
/// the portal depends on that does not answer. In the reader's language with a localizer; <c>English</c> gives the
/// sentence in English (the words history keeps and the rules' callers without a localizer get). Glance's own text is
/// shown as Glance wrote it.
/// </summary>
public static class ErrorText
{
    /// <summary>The error in the reader's language: the portal's sentence by its code, else the Images API's own text.</summary>
    public static string For(IStringLocalizer localizer, ImagesError error)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        ArgumentNullException.ThrowIfNull(error);
        if (error.Code is not { } code)
        {
            return error.Message;
        }

        var text = localizer[code, StatusOf(error)];
        return text.ResourceNotFound ? error.Message : text.Value;
    }

    /// <summary><see cref="For(IStringLocalizer, ImagesError)"/> in the current UI culture, for code without a localizer (a data view's state).</summary>
    public static string For(ImagesError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code is { } code && Words.Find(code) is { } sentence
            ? string.Format(System.Globalization.CultureInfo.CurrentCulture, sentence, StatusOf(error))
            : error.Message;
    }

    /// <summary>Why a typed project ID was refused; <paramref name="own"/>: the person's own project (a request), else the consumer's (a share).</summary>
    public static string For(IStringLocalizer localizer, ProjectIdRefusal refusal, bool own = false)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var (key, args) = Sentence(refusal, own);
        return localizer[key, args];
    }

    public static string English(ProjectIdRefusal refusal, bool own = false)
    {
        var (key, args) = Sentence(refusal, own);
        return Words.English(key, args);
    }

    /// <summary>Why a typed email address was refused.</summary>
    public static string For(IStringLocalizer localizer, EmailRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        var (key, args) = Sentence(refusal);
        return localizer[key, args];
    }

    public static string English(EmailRefusal refusal)
    {
        var (key, args) = Sentence(refusal);
        return Words.English(key, args);
    }

    /// <summary>Which server does not answer (<see cref="PortalErrors.Unavailable"/>) in the reader's language; null when the error is not one of those.</summary>
    public static string? Unavailable(IStringLocalizer localizer, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return PortalErrors.UnavailableKey(error) is { } key ? localizer[key].Value : null;
    }

    private static object StatusOf(ImagesError error) => error.StatusCode is { } status ? (int)status : 0;

    private static (string Key, object[] Args) Sentence(ProjectIdRefusal refusal, bool own)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Problem switch
        {
            ProjectIdProblem.Empty => (own ? "Requests.ProjectIdEmpty" : "Projects.EnterConsumerId", [refusal.Description]),
            ProjectIdProblem.TooLong => ("Requests.ProjectIdTooLong", [ProjectIdPolicy.MaxLength, refusal.Length]),
            ProjectIdProblem.Spaces => ("Requests.ProjectIdSpaces", []),
            _ => ("Requests.NotProjectId", [refusal.Typed, refusal.Description]),
        };
    }

    private static (string Key, object[] Args) Sentence(EmailRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return refusal.Problem switch
        {
            EmailProblem.Empty => ("Requests.EnterEmail", []),
            EmailProblem.TooLong => ("Requests.EmailTooLong", [AccessRequestRules.EmailMaxLength, refusal.Length]),
            EmailProblem.ControlCharacters => ("Requests.EmailControl", []),
            _ => ("Requests.NotEmail", []),
        };
    }
}
