using System.Globalization;
using ImageSharePortal.Web.Store;

namespace ImageSharePortal.Web.Features.History;

/// <summary>
/// The history's filters and page, as the query string carries them (<c>?image=&amp;project=&amp;action=&amp;outcome=&amp;from=&amp;to=&amp;page=</c>).
/// A value that cannot be read is dropped and said in <see cref="Problems"/>, never an error page.
/// </summary>
public sealed record HistoryQuery
{
    public string? Image { get; init; }
    public string? Project { get; init; }
    public string? Action { get; init; }
    public AuditOutcome? Outcome { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public int Page { get; init; } = 1;
    public IReadOnlyList<string> Problems { get; init; } = [];

    public bool IsFiltered => Image is not null || Project is not null || Action is not null || Outcome is not null || From is not null || To is not null;

    public static HistoryQuery Parse(string? image, string? project, string? action, string? outcome, string? from, string? to, string? page)
    {
        var problems = new List<string>();
        string? Text(string? value, int max, string what)
        {
            var trimmed = value?.Trim();
            if (string.IsNullOrEmpty(trimmed))
            {
                return null;
            }

            if (trimmed.Length > max || TextRules.HasDisguisingCharacters(trimmed) || trimmed.Any(char.IsControl))
            {
                problems.Add($"The {what} filter was ignored: it is not a valid {what}.");
                return null;
            }

            return trimmed;
        }

        DateOnly? Day(string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            problems.Add($"The \"{what}\" date was ignored: write it as 2027-01-31.");
            return null;
        }

        var actionValue = Text(action, 32, "action");
        if (actionValue is not null && !AuditActions.All.Contains(actionValue))
        {
            problems.Add("The action filter was ignored: choose one from the list.");
            actionValue = null;
        }

        AuditOutcome? outcomeValue = null;
        if (!string.IsNullOrWhiteSpace(outcome))
        {
            if (Enum.TryParse<AuditOutcome>(outcome.Trim(), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(outcome, out _))
            {
                outcomeValue = parsed;
            }
            else
            {
                problems.Add("The outcome filter was ignored: choose succeeded, refused or failed.");
            }
        }

        var pageValue = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageValue) || pageValue < 1))
        {
            problems.Add("The page number was not a page: showing the first page.");
            pageValue = 1;
        }

        var fromValue = Day(from, "from");
        var toValue = Day(to, "to");
        if (fromValue > toValue)
        {
            problems.Add("The \"from\" date is after the \"to\" date: both were ignored.");
            (fromValue, toValue) = (null, null);
        }

        return new HistoryQuery
        {
            Image = Text(image, 255, "image"),
            Project = Text(project, 128, "project"),
            Action = actionValue,
            Outcome = outcomeValue,
            From = fromValue,
            To = toValue,
            Page = pageValue,
            Problems = problems,
        };
    }

    /// <summary>The query string of these filters on another page (null = this one); empty values left out.</summary>
    public string ToQueryString(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add($"{name}={Uri.EscapeDataString(value)}");
            }
        }

        Add("image", Image);
        Add("project", Project);
        Add("action", Action);
        Add("outcome", Outcome?.ToString().ToLowerInvariant());
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if ((page ?? Page) > 1)
        {
            Add("page", (page ?? Page).ToString(CultureInfo.InvariantCulture));
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }
}
