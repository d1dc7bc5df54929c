namespace ImageSharePortal.ContractTests.Infrastructure;

/// <summary>The identities every contract case uses: each is a project as the Images API sees it.</summary>
public enum Role
{
    /// <summary>Owns the images the case creates.</summary>
    Producer,

    /// <summary>The project the producer shares with.</summary>
    Consumer,

    /// <summary>A project nobody shares anything with.</summary>
    Stranger,

    /// <summary>Optional: an admin (only needed to make an image public).</summary>
    Admin,
}
