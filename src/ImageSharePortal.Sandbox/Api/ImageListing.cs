using System.Globalization;
using System.Text.Json.Nodes;
using ImageSharePortal.Sandbox.Data;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>
/// <c>GET /v2/images</c> as Glance 25 answers it (<c>glance/api/v2/images.py</c> and <c>db/sqlalchemy/api.py</c>):
/// for a regular caller the candidates are public + community + own images + shared images where the caller is a
/// member with the requested <c>member_status</c> (default accepted); then <c>visibility=X</c> keeps only X
/// (<c>all</c> keeps everything), and without <c>visibility</c> community images are dropped unless owned.
/// So <c>visibility=shared</c> also returns the caller's OWN shared images, whatever <c>member_status</c> says.
/// </summary>
internal static class ImageListing
{
    public const int DefaultLimit = 25;
    public const int MaxLimit = 1000;

    private static readonly string[] SortKeys = ["name", "status", "container_format", "disk_format", "size", "id", "created_at", "updated_at"];
    private static readonly string[] MemberStatuses = ["pending", "accepted", "rejected", "all"];
    private static readonly string[] VisibilityFilters = ["community", "public", "private", "shared", "all"];
    private static readonly string[] OperatorColumns = ["name", "id", "status", "container_format", "disk_format"];
    private static readonly string[] RangeColumns = ["size", "virtual_size", "min_disk", "min_ram"];

    public static async Task<(JsonObject? Body, GlanceError? Error)> ListAsync(
        SandboxDbContext db, GlanceCaller caller, GlancePolicy policy, string? queryString, CancellationToken ct)
    {
        var query = QueryParameters.Parse(queryString);
        var (request, error) = Parse(query);
        if (error is not null)
        {
            return (null, error);
        }

        if (policy.ListImages(caller) is { } forbidden)
        {
            return (null, forbidden);
        }

        var images = Candidates(db.Images.AsNoTracking(), caller, request!.MemberStatus, request.Filters.Visibility);
        (images, error) = ApplyFilters(images, request.Filters);
        if (error is not null)
        {
            return (null, error);
        }

        var rows = await images.Select(i => new SortRow(i.Id, i.Name, i.Status, i.ContainerFormat, i.DiskFormat, i.Size, i.CreatedAt, i.UpdatedAt)).ToListAsync(ct);
        var comparer = new SortRowComparer(request.SortKeys, request.SortDirs);
        rows.Sort(comparer);

        if (request.Marker is not null)
        {
            var marker = await db.Images.AsNoTracking().Where(i => i.Id == request.Marker)
                .Select(i => new SortRow(i.Id, i.Name, i.Status, i.ContainerFormat, i.DiskFormat, i.Size, i.CreatedAt, i.UpdatedAt))
                .FirstOrDefaultAsync(ct);
            if (marker is null)
            {
                return (null, GlanceError.BadRequest($"No image found with ID {request.Marker}"));
            }

            if (!await db.Images.VisibleTo(caller, policy).AnyAsync(i => i.Id == request.Marker, ct))
            {
                return (null, GlanceError.Forbidden($"Forbidding request, image {request.Marker} not visible"));
            }

            rows = [.. rows.Where(r => comparer.Compare(r, marker) > 0)];
        }

        var pageIds = rows.Take(request.Limit).Select(r => r.Id).ToList();
        var loaded = await db.Images.AsNoTracking().AsSplitQuery()
            .Include(i => i.Tags).Include(i => i.Properties)
            .Where(i => pageIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, ct);
        var page = pageIds.Select(id => loaded[id]).ToList();

        var links = query.ToPythonDict();
        links.RemoveAll(p => p.Key == "marker");
        var body = new JsonObject
        {
            ["images"] = new JsonArray([.. page.Select(i => (JsonNode?)Views.Image(i))]),
            ["first"] = links.Count == 0 ? "/v2/images" : "/v2/images?" + QueryParameters.ToPythonQuery(links),
            ["schema"] = "/v2/schemas/images",
        };

        // Like Glance: a full page always carries "next", even when nothing follows it (the next page is then empty).
        if (page.Count != 0 && page.Count == request.Limit)
        {
            links.Add(new("marker", page[^1].Id));
            body["next"] = "/v2/images?" + QueryParameters.ToPythonQuery(links);
        }

        return (body, null);
    }

    /// <summary>Glance's <c>_select_images_query</c> plus its visibility post-filter.</summary>
    private static IQueryable<ImageEntity> Candidates(IQueryable<ImageEntity> images, GlanceCaller caller, string memberStatus, string? visibility)
    {
        var project = caller.ProjectId;
        images = images.Where(i => i.Status != "killed");
        if (!caller.IsAdmin)
        {
            images = memberStatus == "all"
                ? images.Where(i => i.Visibility == "public" || i.Visibility == "community" || i.Owner == project
                    || (i.Visibility == "shared" && i.Members.Any(m => m.MemberId == project)))
                : images.Where(i => i.Visibility == "public" || i.Visibility == "community" || i.Owner == project
                    || (i.Visibility == "shared" && i.Members.Any(m => m.MemberId == project && m.Status == memberStatus)));
        }

        if (visibility is not null)
        {
            return visibility == "all" ? images : images.Where(i => i.Visibility == visibility);
        }

        return images.Where(i => i.Owner == project || i.Visibility != "community");
    }

    private static (IQueryable<ImageEntity> Images, GlanceError? Error) ApplyFilters(IQueryable<ImageEntity> images, ListFilters filters)
    {
        images = images.Where(i => i.OsHidden == filters.OsHidden);
        if (filters.Protected is { } isProtected)
        {
            images = images.Where(i => i.Protected == isProtected);
        }

        foreach (var tag in filters.Tags)
        {
            images = images.Where(i => i.Tags.Any(t => t.Value == tag));
        }

        foreach (var (key, raw) in filters.Other)
        {
            if (key.EndsWith("_min", StringComparison.Ordinal) || key.EndsWith("_max", StringComparison.Ordinal))
            {
                if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var bound))
                {
                    return (images, GlanceError.BadRequest("Unable to filter on a range with a non-numeric value."));
                }

                var column = key[..^4];
                var min = key.EndsWith("_min", StringComparison.Ordinal);
                images = (column, min) switch
                {
                    ("size", true) => images.Where(i => i.Size >= bound),
                    ("size", false) => images.Where(i => i.Size <= bound),
                    ("virtual_size", true) => images.Where(i => i.VirtualSize >= bound),
                    ("virtual_size", false) => images.Where(i => i.VirtualSize <= bound),
                    ("min_disk", true) => images.Where(i => i.MinDisk >= bound),
                    ("min_disk", false) => images.Where(i => i.MinDisk <= bound),
                    ("min_ram", true) => images.Where(i => i.MinRam >= bound),
                    ("min_ram", false) => images.Where(i => i.MinRam <= bound),
                    _ => images,
                };
                continue;
            }

            if (key is "created_at" or "updated_at")
            {
                var (op, threshold) = SplitFilterOperator(raw);
                if (!DateTimeOffset.TryParse(threshold, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
                {
                    return (images, GlanceError.BadRequest($"Bad \"{key}\" query filter format. Use ISO 8601 DateTime notation."));
                }

                var at = when.UtcDateTime;
                var createdAt = key == "created_at";
                IQueryable<ImageEntity>? filtered = op switch
                {
                    "gt" => createdAt ? images.Where(i => i.CreatedAt > at) : images.Where(i => i.UpdatedAt > at),
                    "gte" => createdAt ? images.Where(i => i.CreatedAt >= at) : images.Where(i => i.UpdatedAt >= at),
                    "lt" => createdAt ? images.Where(i => i.CreatedAt < at) : images.Where(i => i.UpdatedAt < at),
                    "lte" => createdAt ? images.Where(i => i.CreatedAt <= at) : images.Where(i => i.UpdatedAt <= at),
                    "eq" => createdAt ? images.Where(i => i.CreatedAt == at) : images.Where(i => i.UpdatedAt == at),
                    "neq" => createdAt ? images.Where(i => i.CreatedAt != at) : images.Where(i => i.UpdatedAt != at),
                    _ => null,
                };
                if (filtered is null)
                {
                    return (images, GlanceError.BadRequest("Unable to filter on a unknown operator."));
                }

                images = filtered;
                continue;
            }

            if (OperatorColumns.Contains(key))
            {
                var (op, operand) = SplitFilterOperator(raw);
                List<string?> values;
                if (op == "in")
                {
                    values = SplitQuoted(operand);
                }
                else if (op == "eq")
                {
                    values = [operand];
                }
                else
                {
                    return (images, GlanceError.BadRequest($"Unable to filter by unknown operator '{op}'."));
                }

                images = key switch
                {
                    "name" => images.Where(i => values.Contains(i.Name)),
                    "id" => images.Where(i => values.Contains(i.Id)),
                    "status" => images.Where(i => values.Contains(i.Status)),
                    "container_format" => images.Where(i => values.Contains(i.ContainerFormat)),
                    _ => images.Where(i => values.Contains(i.DiskFormat)),
                };
                continue;
            }

            images = key switch
            {
                "owner" => images.Where(i => i.Owner == raw),
                "checksum" => images.Where(i => i.Checksum == raw),
                "os_hash_value" => images.Where(i => i.OsHashValue == raw),
                "os_hash_algo" => images.Where(i => i.OsHashAlgo == raw),
                _ when RangeColumns.Contains(key) => long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                    ? key switch
                    {
                        "size" => images.Where(i => i.Size == number),
                        "virtual_size" => images.Where(i => i.VirtualSize == number),
                        "min_disk" => images.Where(i => i.MinDisk == number),
                        _ => images.Where(i => i.MinRam == number),
                    }
                    : images.Where(_ => false),
                _ => images.Where(i => i.Properties.Any(p => p.Name == key && p.Value == raw)),
            };
        }

        return (images, null);
    }

    private static (ListRequest? Request, GlanceError? Error) Parse(QueryParameters query)
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

        var limit = DefaultLimit;
        if (query.Last("limit") is { } rawLimit)
        {
            if (!int.TryParse(rawLimit, NumberStyles.Integer, CultureInfo.InvariantCulture, out limit))
            {
                if (!long.TryParse(rawLimit, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) && !IsBigInteger(rawLimit))
                {
                    return (null, GlanceError.BadRequest("limit param must be an integer"));
                }

                limit = rawLimit.Trim().StartsWith('-') ? -1 : MaxLimit;
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
        return (new ListRequest(filters, memberStatus, query.Last("marker"), Math.Min(MaxLimit, limit), sortKeys, sortDirs), null);
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
    private static (string Op, string Value) SplitFilterOperator(string expression)
    {
        var colon = expression.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || DateTimeOffset.TryParse(expression, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
        {
            return ("eq", expression);
        }

        return (expression[..colon], expression[(colon + 1)..]);
    }

    private static List<string?> SplitQuoted(string list) =>
        [.. list.Split(',').Select(v => v.Trim()).Select(v => (string?)(v.Length >= 2 && v[0] == '"' && v[^1] == '"' ? v[1..^1] : v))];

    private static bool IsBigInteger(string text)
    {
        var trimmed = text.Trim().TrimStart('+', '-');
        return trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit);
    }

    private sealed record ListFilters(string? Visibility, bool OsHidden, bool? Protected, List<string> Tags, List<(string Key, string Value)> Other);

    private sealed record ListRequest(ListFilters Filters, string MemberStatus, string? Marker, int Limit, List<string> SortKeys, List<string> SortDirs);

    private sealed record SortRow(string Id, string? Name, string Status, string? ContainerFormat, string? DiskFormat, long? Size, DateTime CreatedAt, DateTime UpdatedAt);

    /// <summary>SQL ordering as SQLite does it for Glance: NULL before any value, strings compared bytewise.</summary>
    private sealed class SortRowComparer(List<string> keys, List<string> dirs) : IComparer<SortRow>
    {
        public int Compare(SortRow? x, SortRow? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            for (var i = 0; i < keys.Count; i++)
            {
                var result = keys[i] switch
                {
                    "name" => CompareText(x.Name, y.Name),
                    "status" => CompareText(x.Status, y.Status),
                    "container_format" => CompareText(x.ContainerFormat, y.ContainerFormat),
                    "disk_format" => CompareText(x.DiskFormat, y.DiskFormat),
                    "size" => Nullable.Compare(x.Size, y.Size),
                    "id" => CompareText(x.Id, y.Id),
                    "created_at" => x.CreatedAt.CompareTo(y.CreatedAt),
                    _ => x.UpdatedAt.CompareTo(y.UpdatedAt),
                };
                if (result != 0)
                {
                    return dirs[i] == "asc" ? result : -result;
                }
            }

            return 0;
        }

        private static int CompareText(string? a, string? b) => (a, b) switch
        {
            (null, null) => 0,
            (null, _) => -1,
            (_, null) => 1,
            _ => string.CompareOrdinal(a, b),
        };
    }
}
