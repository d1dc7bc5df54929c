namespace ImageSharePortal.Sandbox;

/// <summary>A demo project of the embedded sandbox (what Keystone would know).</summary>
public sealed record SandboxProject(string Id, string Name, string Description, bool IsProducer);

/// <summary>A demo user of the embedded sandbox; the persona sign-in offers these.</summary>
public sealed record SandboxUser(string Id, string Name, string DisplayName, string Email, string ProjectId, IReadOnlyList<string> Roles);

/// <summary>
/// The demo identities the sandbox seeds data for. IDs look like Keystone's (32 hex digits) so the portal's
/// project-ID validation treats them like real ones.
/// </summary>
public static class SandboxDirectory
{
    public static IReadOnlyList<SandboxProject> Projects { get; } =
    [
        new("3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1", "orbital-images", "Orbital Images: curated Linux base images", IsProducer: true),
        new("7c4e1b8a2d6f4a3e9b5c0d1e2f3a4b5c", "northwind-labs", "Northwind Labs: GPU and data-science images", IsProducer: true),
        new("b2d4f6a8c0e14d3f8a7b6c5d4e3f2a1b", "aurora-research", "Aurora Research: HPC and appliance images", IsProducer: true),
        new("c0ffee11223344556677889900aabbcc", "atlas-analytics", "Atlas Analytics", IsProducer: false),
        new("d15ea5e0123456789abcdef012345678", "borealis-web", "Borealis Web", IsProducer: false),
        new("e1e2e3e4e5e6e7e8e9eaebecedeeef00", "cirrus-ci", "Cirrus CI", IsProducer: false),
        new("f00dbabe9876543210fedcba98765432", "delta-hpc", "Delta HPC", IsProducer: false),
    ];

    public static IReadOnlyList<SandboxUser> Users { get; } =
    [
        new("0a11ce00000000000000000000000001", "alice", "Alice Producer", "alice@orbital.example", "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1", ["member", "reader"]),
        new("0b0b0000000000000000000000000002", "bob", "Bob Producer", "bob@northwind.example", "7c4e1b8a2d6f4a3e9b5c0d1e2f3a4b5c", ["member", "reader"]),
        new("0ca20100000000000000000000000003", "carol", "Carol Producer", "carol@aurora.example", "b2d4f6a8c0e14d3f8a7b6c5d4e3f2a1b", ["member", "reader"]),
        new("0da0e000000000000000000000000004", "dave", "Dave Consumer", "dave@atlas.example", "c0ffee11223344556677889900aabbcc", ["member", "reader"]),
        new("0e0e0000000000000000000000000005", "erin", "Erin Consumer", "erin@borealis.example", "d15ea5e0123456789abcdef012345678", ["member", "reader"]),
        new("0f0f0000000000000000000000000006", "frank", "Frank Consumer", "frank@cirrus.example", "e1e2e3e4e5e6e7e8e9eaebecedeeef00", ["member", "reader"]),
        new("06a0ce00000000000000000000000007", "grace", "Grace Consumer", "grace@delta.example", "f00dbabe9876543210fedcba98765432", ["member", "reader"]),
    ];

    public static SandboxProject? FindProject(string id) => Projects.FirstOrDefault(p => p.Id == id);

    public static SandboxUser? FindUser(string id) => Users.FirstOrDefault(u => u.Id == id);
}
