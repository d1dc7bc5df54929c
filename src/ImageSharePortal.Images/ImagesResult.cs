using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ImageSharePortal.Images;

public enum ImagesErrorKind
{
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    QuotaExceeded,
    Unavailable,
    Unexpected,
}

/// <summary>An Images API failure as a page can show it: a kind to branch on and the API's own sentence.</summary>
/// <remarks>
/// <see cref="Message"/> is English. When it is the portal's own sentence (not Glance's text), <see cref="Code"/> names
/// it (see <see cref="ImagesErrorCodes"/>) so that a page can say it in the reader's language; the status code, when
/// the sentence mentions it, is <see cref="StatusCode"/>.
/// </remarks>
public sealed record ImagesError(ImagesErrorKind Kind, string Message, HttpStatusCode? StatusCode = null)
{
    /// <summary>The portal's sentence this is (null when <see cref="Message"/> is the Images API's own text).</summary>
    public string? Code { get; init; }

    public static ImagesError Unavailable { get; } = new(ImagesErrorKind.Unavailable,
        "The Images API did not answer. Try again in a moment.") { Code = ImagesErrorCodes.Unavailable };

    public static ImagesError NotSignedIn { get; } = new(ImagesErrorKind.Unauthorized,
        "You are not signed in to a project.", HttpStatusCode.Unauthorized) { Code = ImagesErrorCodes.NotSignedIn };
}

/// <summary>Stable names of the portal's own Images API sentences (<see cref="ImagesError.Code"/>).</summary>
public static class ImagesErrorCodes
{
    public const string Unavailable = "Images.Unavailable";
    public const string NotSignedIn = "Images.NotSignedIn";
    public const string EmptyAnswer = "Images.EmptyAnswer";

    /// <summary>A 5xx or otherwise unexpected answer; the sentence names the status code.</summary>
    public const string ServerError = "Images.ServerError";

    /// <summary>"Images.Status.404" etc.: the sentence for a status when Glance sent no message of its own.</summary>
    public static string ForStatus(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound
            or HttpStatusCode.Conflict or HttpStatusCode.RequestEntityTooLarge => "Images.Status." + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => "Images.Status.Other",
    };
}

public readonly record struct ImagesResult<T>
{
    private ImagesResult(T? value, ImagesError? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public ImagesError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static ImagesResult<T> Success(T value) => new(value, null);
    public static ImagesResult<T> Failure(ImagesError error) => new(default, error);

    public static implicit operator ImagesResult<T>(ImagesError error) => Failure(error);
}

/// <summary>Turns Glance's status codes and JSON error bodies into <see cref="ImagesError"/>.</summary>
public static partial class ImagesErrorMapper
{
    public static ImagesError FromResponse(HttpStatusCode status, string? body)
    {
        var extracted = ExtractMessage(body);
        var message = extracted ?? DefaultMessage(status);
        var code = extracted is null ? ImagesErrorCodes.ForStatus(status) : null;
        var kind = status switch
        {
            HttpStatusCode.BadRequest => ImagesErrorKind.BadRequest,
            HttpStatusCode.Unauthorized => ImagesErrorKind.Unauthorized,
            HttpStatusCode.Forbidden => ImagesErrorKind.Forbidden,
            HttpStatusCode.NotFound => ImagesErrorKind.NotFound,
            HttpStatusCode.Conflict => ImagesErrorKind.Conflict,
            HttpStatusCode.RequestEntityTooLarge => ImagesErrorKind.QuotaExceeded,
            HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
                or HttpStatusCode.RequestTimeout => ImagesErrorKind.Unavailable,
            _ => ImagesErrorKind.Unexpected,
        };
        if (kind == ImagesErrorKind.Unavailable)
        {
            message = ImagesError.Unavailable.Message;
            code = ImagesErrorCodes.Unavailable;
        }
        else if ((int)status >= 500 || kind == ImagesErrorKind.Unexpected)
        {
            // An internal error's text (a traceback, server paths) is for the log, not for people.
            message = $"The Images API could not do this: it answered {(int)status}, an error on its side. Nothing was changed by the portal; try again in a moment.";
            code = ImagesErrorCodes.ServerError;
        }

        return new ImagesError(kind, message, status) { Code = code };
    }

    /// <summary>Glance's message, without its <c>&lt;br /&gt;</c> line breaks; null when the body is not Glance JSON.</summary>
    public static string? ExtractMessage(string? body)
    {
        if (string.IsNullOrWhiteSpace(body) || !body.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("message", out var message)
                && message.ValueKind == JsonValueKind.String)
            {
                var text = BreakTags().Replace(message.GetString() ?? "", " ");
                text = Whitespace().Replace(text, " ").Trim();
                return text.Length == 0 ? null : text;
            }
        }
        catch (JsonException)
        {
            // Not JSON after all: fall back to the status code's sentence.
        }

        return null;
    }

    private static string DefaultMessage(HttpStatusCode status) => status switch
    {
        HttpStatusCode.BadRequest => "The Images API refused the request as invalid.",
        HttpStatusCode.Unauthorized => "Your session with the Images API has expired. Sign in again.",
        HttpStatusCode.Forbidden => "You are not allowed to do this.",
        HttpStatusCode.NotFound => "The image or member was not found.",
        HttpStatusCode.Conflict => "This conflicts with the image's current state.",
        HttpStatusCode.RequestEntityTooLarge => "The image's member limit has been reached.",
        _ => $"The Images API answered {(int)status}.",
    };

    [GeneratedRegex(@"<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakTags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
