namespace ImageSharePortal.Sandbox;

/// <summary>Settings of the embedded, Glance-compatible Images API (configuration section <c>Sandbox</c>).</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Where the sandbox listens: an <c>http</c> loopback URL (127.0.0.1, [::1] or localhost). Port 0 picks a free port.</summary>
    public string Url { get; set; } = "http://127.0.0.1:5081";

    /// <summary>The SQLite file, relative to the host's content root unless absolute. Its folder is created.</summary>
    public string DatabasePath { get; set; } = "data/sandbox.db";

    /// <summary>Seed the demo projects' images and shares on first start (only when the database is empty).</summary>
    public bool Seed { get; set; } = true;

    /// <summary>Glance's <c>image_member_quota</c>: members per image; negative means unlimited.</summary>
    public int MemberQuota { get; set; } = 128;

    /// <summary>
    /// Glance's <c>enforce_secure_rbac</c>: false (Glance Zed's default, and scripts/openstack's) answers the legacy
    /// policy messages; true enforces reader/member roles and answers "You are not authorized to complete X action.".
    /// Status codes are the same either way.
    /// </summary>
    public bool SecureRbac { get; set; }
}
