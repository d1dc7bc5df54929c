
namespace ImageSharePortal.Web.Features.Projects;

/// <summary>A project as people should see it: its name when the portal knows it, and always its ID.</summary>
public sealed record ProjectLabel(string Id, string? Name, string? DomainName = null)
{
    public bool IsKnown => Name is not null;

    /// <summary>"orbital-images (3f1c…)" when known, the bare ID otherwise: for mails and messages.</summary>
    public string Text => Name is null ? Id : $"{Name} ({Id})";

    /// <summary>For sentences: "orbital-images (3f1c…)" when known, "project 3f1c…" otherwise, in the reader's language (<see cref="Components.Shared.Words.Phrase"/>).</summary>
    public string Phrase => Components.Shared.Words.Phrase(this).ToString(null, System.Globalization.CultureInfo.CurrentCulture);

    public override string ToString() => Text;
}

/// <summary>Names for a set of project IDs, looked up once per view.</summary>
public sealed class ProjectNames
{
    private readonly IReadOnlyDictionary<string, KnownProject> _known;

    [System.Text.Json.Serialization.JsonConstructor]
    public ProjectNames(IReadOnlyDictionary<string, KnownProject> known) => _known = known;

    /// <summary>The projects found, by normalised ID (public so a page's prerendered state can carry it).</summary>
    public IReadOnlyDictionary<string, KnownProject> Known => _known;

    public static ProjectNames None { get; } = new(new Dictionary<string, KnownProject>());

    public ProjectLabel this[string? id] => Label(id);

    public ProjectLabel Label(string? id)
    {
        var raw = id ?? "";
        return _known.TryGetValue(ProjectIdPolicy.Normalise(raw), out var p) ? new ProjectLabel(raw, p.Name, p.DomainName) : new ProjectLabel(raw, null);
    }
}

/// <summary>
/// The portal's project directory: project ID → name (and domain), and the addresses of people of each project,
/// learned from every sign-in (personas, Keystone, organisation) and every verified request.
/// </summary>
public sealed class ProjectDirectory(IDbContextFactory<PortalDbContext> store, TimeProvider clock)
{
    public const string FromSignIn = "sign-in";
    public const string FromRequest = "request";
    public const string FromDemo = "demo";

    /// <summary>Records the session's project and, when the session has one, the person's email as a contact.</summary>
    public async Task RecordAsync(PortalIdentity who, string source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(who);
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        await UpsertAsync(db, who.ProjectId, who.ProjectName, who.ProjectDomain, source, cancellationToken);
        if (!string.IsNullOrWhiteSpace(who.Email))
        {
            await UpsertContactAsync(db, who.ProjectId, who.Email, who.UserId, who.UserName, cancellationToken, Localization.PortalCultures.Current);
        }

        await SaveAsync(db);
    }

    /// <summary>Records a project (and optionally one contact) known from elsewhere, e.g. the embedded demo directory.</summary>
    public async Task RecordAsync(string projectId, string name, string? domain, string source, IEnumerable<(string Email, string? UserId, string? UserName)> contacts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        await using var db = await store.CreateDbContextAsync(cancellationToken);
        await UpsertAsync(db, projectId, name, domain, source, cancellationToken);
        foreach (var (email, userId, userName) in contacts)
        {
            await UpsertContactAsync(db, projectId, email, userId, userName, cancellationToken);
        }

        await SaveAsync(db);
    }

    public async Task<KnownProject?> FindAsync(string? projectId, CancellationToken cancellationToken = default)
    {
        var id = ProjectIdPolicy.Normalise(projectId);
        if (id.Length == 0)
        {
            return null;
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        return await db.Projects.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
    }

    /// <summary>Projects whose name is <paramref name="name"/>, ignoring case (a name typed where an ID belongs).</summary>
    public async Task<IReadOnlyList<KnownProject>> FindByNameAsync(string? name, CancellationToken cancellationToken = default)
    {
        var wanted = (name ?? "").Trim().ToLowerInvariant();
        if (wanted.Length is 0 or > 128)
        {
            return [];
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison is not
        return await db.Projects.AsNoTracking().Where(p => p.Name.ToLower() == wanted).OrderBy(p => p.Id).Take(5).ToListAsync(cancellationToken);
#pragma warning restore CA1862
    }

    /// <summary>Names of <paramref name="projectIds"/> in one query.</summary>
    public async Task<ProjectNames> NamesAsync(IEnumerable<string?> projectIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(projectIds);
        var ids = projectIds.Where(i => !string.IsNullOrEmpty(i)).Select(ProjectIdPolicy.Normalise).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return ProjectNames.None;
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        var found = await db.Projects.AsNoTracking().Where(p => ids.Contains(p.Id)).ToListAsync(cancellationToken);
        return new ProjectNames(found.ToDictionary(p => p.Id, StringComparer.Ordinal));
    }

    /// <summary>Addresses of people of the project, most recently seen first.</summary>
    public static async Task<IReadOnlyList<string>> ContactsAsync(PortalDbContext db, string projectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = ProjectIdPolicy.Normalise(projectId);
        return await db.ProjectContacts.AsNoTracking().Where(c => c.ProjectId == id)
            .OrderByDescending(c => c.LastSeenAt).Select(c => c.Email).Take(10).ToListAsync(cancellationToken);
    }

    private async Task UpsertAsync(PortalDbContext db, string projectId, string name, string? domain, string source, CancellationToken cancellationToken)
    {
        var id = ProjectIdPolicy.Normalise(projectId);
        var now = clock.GetUtcNow();
        var known = await db.Projects.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (known is null)
        {
            db.Projects.Add(new KnownProject { Id = id, Name = Truncate(name, 128), DomainName = domain, Source = source, FirstSeenAt = now, LastSeenAt = now });
            return;
        }

        known.Name = Truncate(name, 128);
        known.DomainName = domain ?? known.DomainName;
        known.LastSeenAt = now;
        if (source != FromDemo)
        {
            known.Source = source;
        }
    }

    /// <summary>Records an address of the project; <c>language</c> is the person's when they are here (a sign-in), null keeps what is known.</summary>
    private async Task UpsertContactAsync(PortalDbContext db, string projectId, string email, string? userId, string? userName, CancellationToken cancellationToken, string? language = null)
    {
        var id = ProjectIdPolicy.Normalise(projectId);
        var address = email.Trim();
        var lower = address.ToLowerInvariant();
        var now = clock.GetUtcNow();
#pragma warning disable CA1862 // translated to SQL lower(): string.Equals with a comparison is not
        var contact = db.ProjectContacts.Local.FirstOrDefault(c => c.ProjectId == id && string.Equals(c.Email, address, StringComparison.OrdinalIgnoreCase))
            ?? await db.ProjectContacts.FirstOrDefaultAsync(c => c.ProjectId == id && c.Email.ToLower() == lower, cancellationToken);
#pragma warning restore CA1862
        if (contact is null)
        {
            db.ProjectContacts.Add(new ProjectContact { Id = Guid.NewGuid(), ProjectId = id, Email = address, UserId = userId, UserName = userName is null ? null : Truncate(userName, 128), LastSeenAt = now, Language = language });
            return;
        }

        contact.LastSeenAt = now;
        contact.Language = language ?? contact.Language;
        contact.UserId = userId ?? contact.UserId;
        contact.UserName = userName is null ? contact.UserName : Truncate(userName, 128);
    }

    /// <summary>Two sign-ins of one project at the same moment race on the insert: the other one recorded it, which is all that matters.</summary>
    private static async Task SaveAsync(PortalDbContext db)
    {
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException)
        {
        }
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];
}
