using System.Globalization;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

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

    /// <summary>The filters of a query string; what cannot be read is said in <paramref name="l"/>'s language.</summary>
    public static HistoryQuery Parse(IStringLocalizer<Strings> l, string? image, string? project, string? action, string? outcome, string? from, string? to, string? page)
    {
        ArgumentNullException.ThrowIfNull(l);
        var problems = new List<string>();
        string? Text(string? value, int max, string problem)
        {
            var trimmed = value?.Trim();
            if (string.IsNullOrEmpty(trimmed))
            {
                return null;
            }

            if (trimmed.Length > max || TextRules.HasDisguisingCharacters(trimmed) || trimmed.Any(char.IsControl))
            {
                problems.Add(problem);
                return null;
            }

            return trimmed;
        }

        DateOnly? Day(string? value, string problem)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                return null;
            }

            if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }

            problems.Add(problem);
            return null;
        }

        var actionValue = Text(action, 32, l["History.Problem.Action"]);
        if (actionValue is not null && !AuditActions.All.Contains(actionValue))
        {
            problems.Add(l["History.Problem.UnknownAction"]);
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
                problems.Add(l["History.Problem.Outcome"]);
            }
        }

        var pageValue = 1;
        if (!string.IsNullOrWhiteSpace(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageValue) || pageValue < 1))
        {
            problems.Add(l["History.Problem.Page"]);
            pageValue = 1;
        }

        var fromValue = Day(from, l["History.Problem.FromDate"]);
        var toValue = Day(to, l["History.Problem.ToDate"]);
        if (fromValue > toValue)
        {
            problems.Add(l["History.Problem.FromAfterTo"]);
            (fromValue, toValue) = (null, null);
        }

        return new HistoryQuery
        {
            Image = Text(image, 255, l["History.Problem.Image"]),
            Project = Text(project, 128, l["History.Problem.Project"]),
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
