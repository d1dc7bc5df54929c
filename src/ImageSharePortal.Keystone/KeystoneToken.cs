namespace ImageSharePortal.Keystone;

public sealed record KeystoneUser(string Id, string Name, string? DomainName);

public sealed record KeystoneProject(string Id, string Name, string? DomainId = null);

/// <summary>
/// A Keystone token as the portal keeps it, server-side only. <see cref="ToString"/> never shows the token itself.
/// </summary>
public sealed class KeystoneToken
{
    public KeystoneToken(string value, TokenBody body)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        ArgumentNullException.ThrowIfNull(body);
        Value = value;
        Body = body;
        ExpiresAt = body.ExpiresAt;
        IssuedAt = body.IssuedAt;
        User = new KeystoneUser(body.User?.Id ?? "", body.User?.Name ?? body.User?.Id ?? "", body.User?.Domain?.Name);
        Project = body.Project is { } p ? new KeystoneProject(p.Id, p.Name ?? p.Id, p.Domain?.Id) : null;
        Roles = [.. (body.Roles ?? []).Select(r => r.Name).OfType<string>()];
        Catalog = body.Catalog ?? [];
        IsApplicationCredential = body.ApplicationCredential is not null || body.Methods.Contains("application_credential");
    }

    /// <summary>The token (the <c>X-Subject-Token</c> Keystone answered with). Never log it.</summary>
    public string Value { get; }

    /// <summary>The token's body as Keystone answered it: what a shared session store keeps to rebuild the token.</summary>
    public TokenBody Body { get; }

    public DateTimeOffset ExpiresAt { get; }

    public DateTimeOffset? IssuedAt { get; }

    public KeystoneUser User { get; }

    /// <summary>The project the token is scoped to; null for an unscoped token.</summary>
    public KeystoneProject? Project { get; }

    public IReadOnlyList<string> Roles { get; }

    public IReadOnlyList<CatalogService> Catalog { get; }

    /// <summary>Issued for an application credential: bound to its project, cannot be re-scoped.</summary>
    public bool IsApplicationCredential { get; }

    /// <summary>
    /// The URL of a service in the catalog for an interface, in a region (any region when <paramref name="region"/> is empty).
    /// </summary>
    public Uri? FindEndpoint(string serviceType, string? region, string @interface)
    {
        var endpoint = Catalog
            .Where(s => string.Equals(s.Type, serviceType, StringComparison.OrdinalIgnoreCase))
            .SelectMany(s => s.Endpoints)
            .Where(e => string.Equals(e.Interface, @interface, StringComparison.OrdinalIgnoreCase))
            .FirstOrDefault(e => string.IsNullOrEmpty(region)
                || string.Equals(e.RegionId ?? e.Region, region, StringComparison.Ordinal)
                || string.Equals(e.Region, region, StringComparison.Ordinal));
        return endpoint is not null && Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) ? url : null;
    }

    public override string ToString() => $"KeystoneToken(user {User.Id}, project {Project?.Id ?? "(unscoped)"}, expires {ExpiresAt:O})";
}
