namespace ImageSharePortal.Sandbox.Data;

/// <summary>An image row, shaped like Glance's <c>images</c> table.</summary>
internal sealed class ImageEntity
{
    public required string Id { get; set; }

    public string? Name { get; set; }

    public required string Owner { get; set; }

    public required string Visibility { get; set; }

    public required string Status { get; set; }

    public long? Size { get; set; }

    public long? VirtualSize { get; set; }

    public string? DiskFormat { get; set; }

    public string? ContainerFormat { get; set; }

    public int MinDisk { get; set; }

    public int MinRam { get; set; }

    public string? Checksum { get; set; }

    public string? OsHashAlgo { get; set; }

    public string? OsHashValue { get; set; }

    public bool Protected { get; set; }

    public bool OsHidden { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public List<ImageTagEntity> Tags { get; set; } = [];

    public List<ImagePropertyEntity> Properties { get; set; } = [];

    public List<MemberEntity> Members { get; set; } = [];
}

/// <summary>A tag of an image (Glance keeps tags as a set).</summary>
internal sealed class ImageTagEntity
{
    public required string ImageId { get; set; }

    public required string Value { get; set; }

    /// <summary>Keeps the order the tags were given in.</summary>
    public int Position { get; set; }
}

/// <summary>A custom (string) property of an image, e.g. <c>os_distro</c>.</summary>
internal sealed class ImagePropertyEntity
{
    public required string ImageId { get; set; }

    public required string Name { get; set; }

    public required string Value { get; set; }
}

/// <summary>A member of a shared image: a project the owner shared it with.</summary>
internal sealed class MemberEntity
{
    /// <summary>Insertion order: Glance lists members in the order they were added.</summary>
    public long Id { get; set; }

    public required string ImageId { get; set; }

    public required string MemberId { get; set; }

    public required string Status { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
