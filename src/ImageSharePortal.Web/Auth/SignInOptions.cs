namespace ImageSharePortal.Web.Auth;

public enum SignInMode
{
    /// <summary>Pick a demo persona of the embedded sandbox. Development environment only.</summary>
    Development,

    /// <summary>User name and password (or application credentials) against Keystone.</summary>
    Keystone,

    /// <summary>
    /// The organisation's OpenID Connect provider (Microsoft Entra ID, through Microsoft.Identity.Web), then the
    /// person's access token exchanged for a Keystone token through Keystone federation.
    /// </summary>
    Organisation,
}

public enum BackendMode
{
    /// <summary>The embedded Glance-compatible sandbox with demo data.</summary>
    Embedded,

    /// <summary>A real Keystone v3 and Glance v2.</summary>
    OpenStack,
}

public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>The section as bound at start-up, for the registrations that depend on the mode (read once, in AddImageSharePortal).</summary>
    public static PortalOptions From(IConfiguration configuration) => configuration.GetSection(SectionName).Get<PortalOptions>() ?? new PortalOptions();

    public BackendMode Backend { get; set; } = BackendMode.Embedded;

    public SignInMode SignIn { get; set; } = SignInMode.Development;

    /// <summary>How long a member list stays cached for the producer views.</summary>
    public TimeSpan MembersCacheLifetime { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Who people should ask for access (a team, a mail address, a ticket queue), shown on the "no project" page.</summary>
    public string SupportContact { get; set; } = "your cloud administrator";

    /// <summary>Members per image, as the cloud's Glance <c>image_member_quota</c> (Glance's default is 128).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000)]
    public int MemberQuota { get; set; } = 128;

    /// <summary>How often an open, visible inbox reads its shares again (three list calls); zero turns it off.</summary>
    public TimeSpan InboxRefreshInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long anonymous catalogue pages and catalogue queries stay cached; changes through the portal show at once,
    /// changes made straight in the store within this time. Zero turns the catalogue caches off.
    /// </summary>
    public TimeSpan CatalogueCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Whether anonymous catalogue pages are kept in the output cache (on by default). Off, every view renders the page
    /// again from the cached queries: the benchmark's "uncached" row.
    /// </summary>
    public bool CataloguePageCache { get; set; } = true;

    /// <summary>Keystone sign-in attempts allowed per client IP, and per user name, in <see cref="SignInAttemptWindow"/>.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int SignInAttemptLimit { get; set; } = 10;

    public TimeSpan SignInAttemptWindow { get; set; } = TimeSpan.FromMinutes(5);
}
