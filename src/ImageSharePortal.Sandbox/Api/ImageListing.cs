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

    private static readonly string[] OperatorColumns = ["name", "id", "status", "container_format", "disk_format"];
    private static readonly string[] RangeColumns = ["size", "virtual_size", "min_disk", "min_ram"];

    public static async Task<(JsonObject? Body, GlanceError? Error)> ListAsync(
        SandboxDbContext db, GlanceCaller caller, GlancePolicy policy, string? queryString, CancellationToken ct)
    {
        var query = QueryParameters.Parse(queryString);
        var (request, error) = ImageListQueryParser.Parse(query);
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
