using Microsoft.AspNetCore.Http;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>
/// Who is calling, as Glance's context middleware reads it from trusted headers
/// (<c>X-Identity-Status: Confirmed</c>, <c>X-Project-Id</c> or its old alias <c>X-Tenant-Id</c>,
/// <c>X-User-Id</c>, <c>X-Roles</c>).
/// </summary>
internal sealed record GlanceCaller(string ProjectId, string? UserId, IReadOnlySet<string> Roles)
{
    /// <summary>When <c>X-Roles</c> is absent the sandbox assumes an ordinary project member (convenient with curl).</summary>
    private static readonly string[] DefaultRoles = ["member", "reader"];

    private static readonly object ItemKey = new();

    /// <summary>Keystone's default implied roles: admin implies member, member implies reader.</summary>
    public bool IsAdmin => Roles.Contains("admin");

    public bool IsMember => IsAdmin || Roles.Contains("member");

    public bool IsReader => IsMember || Roles.Contains("reader");

    public static GlanceCaller? FromHeaders(IHeaderDictionary headers)
    {
        if (headers["X-Identity-Status"].ToString() != "Confirmed")
        {
            return null;
        }

        var project = First(headers, "X-Project-Id") ?? First(headers, "X-Tenant-Id") ?? First(headers, "X-Tenant");
        if (project is null)
        {
            return null;
        }

        var rolesHeader = headers["X-Roles"];
        var roles = rolesHeader.Count == 0
            ? DefaultRoles
            : rolesHeader.SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new GlanceCaller(project, First(headers, "X-User-Id"), roles.Select(r => r.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal));
    }

    public static GlanceCaller Of(HttpContext context) =>
        context.Items[ItemKey] as GlanceCaller ?? throw new InvalidOperationException("The identity middleware did not run.");

    public void AttachTo(HttpContext context) => context.Items[ItemKey] = this;

    private static string? First(IHeaderDictionary headers, string name)
    {
        var value = headers[name].ToString().Trim();
        return value.Length == 0 ? null : value;
    }
}
