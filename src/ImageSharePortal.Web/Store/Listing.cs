namespace ImageSharePortal.Web.Store;

/// <summary>
/// An image a producer advertises in the public catalogue. The facts are a snapshot taken at publish time,
/// so the public page needs no Images API call.
/// </summary>
public sealed class Listing
{
    public Guid Id { get; set; }
    public required string ImageId { get; set; }
    public required string OwnerProjectId { get; set; }
    public required string OwnerProjectName { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public string? OperatingSystem { get; set; }
    public string? OsVersion { get; set; }
    public string ImageName { get; set; } = "";
    public long? SizeBytes { get; set; }
    public int? MinDiskGb { get; set; }
    public int? MinRamMb { get; set; }
    public string? DiskFormat { get; set; }
    public string? Checksum { get; set; }
    public DateTimeOffset? ImageCreatedAt { get; set; }
    public bool IsPublished { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public required string PublishedByUserId { get; set; }

    /// <summary>Where "request received" notifications go: the publisher's email from the session at publish time.</summary>
    public string? PublisherEmail { get; set; }
}
