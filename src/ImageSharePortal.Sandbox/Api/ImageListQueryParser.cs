using System.Globalization;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>The query of <c>GET /v2/images</c>, read and refused as Glance 25 does: visibility, member status, limit, marker, sorting and filters.</summary>
internal static class ImageListQueryParser
{
    private static readonly string[] SortKeys = ["name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"];
    private static readonly string[] MemberStatuses = ["pending", "accepted", "rejected", "all"];
    private static readonly string[] VisibilityFilters = ["community", "public", "private", "shared", "all"];

    public static (ListRequest? Request, GlanceError? Error) Parse(QueryParameters query)
    {
        var consumed = new HashSet<string>(StringComparer.Ordinal) { "limit", "marker", "member_status", "tag", "sort", "sort_key", "sort_dir" };

        var visibility = query.Last("visibility");
        if (!string.IsNullOrEmpty(visibility) && !VisibilityFilters.Contains(visibility))
        {
            return (null, GlanceError.BadRequest($"Invalid visibility value: {visibility}"));
        }

        if (!string.IsNullOrEmpty(query.Last("changes-since")))
        {
            return (null, GlanceError.BadRequest("The \"changes-since\" filter is no longer available on v2."));
        }

        var memberStatus = query.Last("member_status") ?? "accepted";
        if (!MemberStatuses.Contains(memberStatus))
        {
            return (null, GlanceError.BadRequest($"Invalid status: {memberStatus}"));
        }

        var limit = ImageListing.DefaultLimit;
        if (query.Last("limit") is { } rawLimit)
        {
            if (!int.TryParse(rawLimit, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit))
            {
                if (!long.TryParse(rawLimit, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && !IsBigInteger(rawLimit))
                {
                    return (null, GlanceError.BadRequest("limit param must be an integer"));
                }

                limit = rawLimit.Trim().StartsWith('-') ? -1 : ImageListing.MaxLimit;
            }

            if (limit < 0)
            {
                return (null, GlanceError.BadRequest("limit param must be positive"));
            }
        }

        var (sortKeys, sortDirs, sortError) = ParseSorting(query);
        if (sortError is not null)
        {
            return (null, sortError);
        }

        var osHidden = (query.Last("os_hidden") ?? "false").ToLowerInvariant();
        if (osHidden is not ("true" or "false"))
        {
            return (null, GlanceError.BadRequest($"Invalid value '{osHidden}' for 'os_hidden' filter. Valid values are 'true' or 'false'."));
        }

        var isProtected = query.Last("protected");
        if (isProtected is not (null or "true" or "false"))
        {
            return (null, GlanceError.BadRequest($"Invalid value '{isProtected}' for 'protected' filter. Valid values are 'true' or 'false'."));
        }

        consumed.UnionWith(["visibility", "os_hidden", "protected"]);
        var other = query.ToPythonDict().Where(p => !consumed.Contains(p.Key)).Select(p => (p.Key, p.Value)).ToList();
        var filters = new ListFilters(visibility, osHidden == "true", isProtected is null ? null : isProtected == "true", [.. query.All("tag").Select(t => t.Trim())], other);
        return (new ListRequest(filters, memberStatus, query.Last("marker"), Math.Min(ImageListing.MaxLimit, limit), sortKeys, sortDirs), null);
    }

    private static (List<string> Keys, List<string> Dirs, GlanceError? Error) ParseSorting(QueryParameters query)
    {
        List<string> keys = [];
        List<string> dirs = [];
        if (query.Contains("sort"))
        {
            if (query.Contains("sort_key") || query.Contains("sort_dir"))
            {
                return (keys, dirs, GlanceError.BadRequest("Old and new sorting syntax cannot be combined"));
            }

            foreach (var part in query.Last("sort")!.Trim().Split(','))
            {
                var colon = part.IndexOf(':', StringComparison.Ordinal);
                var key = (colon < 0 ? part : part[..colon]).Trim();
                var dir = colon < 0 || part[(colon + 1)..].Length == 0 ? "desc" : part[(colon + 1)..].Trim();
                if (SortKeyError(key) is { } keyError)
                {
                    return (keys, dirs, keyError);
                }

                if (dir is not ("asc" or "desc"))
                {
                    return (keys, dirs, GlanceError.BadRequest($"Invalid sort direction: {dir}"));
                }

                keys.Add(key);
                dirs.Add(dir);
            }
        }
        else
        {
            foreach (var key in query.All("sort_key").Select(k => k.Trim()))
            {
                if (SortKeyError(key) is { } keyError)
                {
                    return (keys, dirs, keyError);
                }

                keys.Add(key);
            }

            foreach (var dir in query.All("sort_dir").Select(d => d.Trim()))
            {
                if (dir is not ("asc" or "desc"))
                {
                    return (keys, dirs, GlanceError.BadRequest($"Invalid sort direction: {dir}"));
                }

                dirs.Add(dir);
            }

            if (dirs.Count > 1 && dirs.Count != keys.Count)
            {
                return (keys, dirs, GlanceError.BadRequest("Number of sort dirs does not match the number of sort keys"));
            }
        }

        if (keys.Count == 0)
        {
            keys.Add("created_at");
        }

        var defaultDir = dirs.Count == 1 ? dirs[0] : "desc";
        if (dirs.Count == 0)
        {
            dirs.Add("desc");
        }

        if (dirs.Count == 1)
        {
            dirs = [.. Enumerable.Repeat(dirs[0], keys.Count)];
        }

        // Glance always finishes the order with created_at and id so that markers are unambiguous.
        foreach (var tieBreaker in new[] { "created_at", "id" })
        {
            if (!keys.Contains(tieBreaker))
            {
                keys.Add(tieBreaker);
                dirs.Add(defaultDir);
            }
        }

        return (keys, dirs, null);
    }

    private static GlanceError? SortKeyError(string key) => SortKeys.Contains(key)
        ? null
        : GlanceError.BadRequest($"Invalid sort key: {key}. It must be one of the following: {string.Join(", ", SortKeys)}.");

    /// <summary>oslo's <c>split_filter_op</c>: <c>in:a,b</c>, <c>gt:2026-01-01T00:00:00Z</c>, or a bare value (eq).</summary>

    private static bool IsBigInteger(string text)
    {
        var trimmed = text.Trim().TrimStart('+', '-');
        return trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit);
    }
}

internal sealed record ListFilters(string? Visibility, bool OsHidden, bool? Protected, List<string> Tags, List<(string Key, string Value)> Other);

internal sealed record ListRequest(ListFilters Filters, string MemberStatus, string? Marker, int Limit, List<string> SortKeys, List<string> SortDirs);
