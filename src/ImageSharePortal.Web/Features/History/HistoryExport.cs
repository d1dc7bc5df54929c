using System.Globalization;
using System.Text;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.History;

/// <summary>
/// <c>GET /history/export.csv</c>: the session project's history under the same filters as the page, every page of it (up to
/// <see cref="HistoryService.MaxExport"/> events), as CSV (RFC 4180, UTF-8). Cells that a spreadsheet would run as a formula
/// are prefixed with an apostrophe.
/// </summary>
public static class HistoryExport
{
    public static IEndpointRouteBuilder MapHistoryExport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/history/export.csv", ExportAsync).RequireAuthorization();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, HistoryService history, TimeProvider clock, IStringLocalizer<Strings> l)
    {
        var who = PortalIdentity.From(context.User);
        if (who is null)
        {
            return Results.Challenge();
        }

        var q = context.Request.Query;
        var query = HistoryQuery.Parse(l, q["image"], q["project"], q["action"], q["outcome"], q["from"], q["to"], null);
        if (query.Problems.Count > 0)
        {
            return Results.Problem(string.Join(" ", query.Problems), statusCode: StatusCodes.Status400BadRequest, title: l["History.ExportProblemTitle"]);
        }

        var view = await history.SearchAsync(who, query, HistoryService.MaxExport, context.RequestAborted);
        if (!view.IsSuccess)
        {
            return Results.Problem(ErrorText.For(l, view.Error), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var csv = Write(view.Value);
        var name = $"history-{clock.GetUtcNow():yyyyMMdd-HHmm}.csv";
        context.Response.Headers.CacheControl = "no-store";
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray(), "text/csv; charset=utf-8", name);
    }

    /// <summary>The CSV: its header row and its values (actions in <see cref="AuditActions.Describe"/>'s words, outcomes as values) stay English, whatever the page's language.</summary>
    public static string Write(HistoryView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var csv = new StringBuilder();
        Row(csv, ["When (UTC)", "Who", "Acting project ID", "Acting project", "Action", "Image ID", "Image", "Member ID", "Member", "Outcome", "Detail"]);
        foreach (var e in view.Events)
        {
            Row(csv,
            [
                e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.UserName,
                e.ActingProjectId, e.ActingProjectId is null ? null : view.Names[e.ActingProjectId].Name,
                AuditActions.Describe(e.Action), e.ImageId, e.ImageId is not null && view.ImageNames.TryGetValue(e.ImageId, out var image) ? image : null,
                e.MemberId, e.MemberId is null ? null : view.Names[e.MemberId].Name, e.Outcome.ToString().ToLowerInvariant(), e.Detail,
            ]);
        }

        return csv.ToString();
    }

    private static void Row(StringBuilder csv, IEnumerable<string?> cells)
    {
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    private static string Cell(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            text = "'" + text;
        }

        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
