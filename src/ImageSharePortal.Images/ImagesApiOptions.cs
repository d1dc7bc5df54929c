using System.ComponentModel.DataAnnotations;

namespace ImageSharePortal.Images;

public enum ImagesAuthentication
{
    /// <summary>Glance's trusted headers (X-Identity-Status, X-Project-Id, ...): the embedded sandbox only.</summary>
    TrustedHeaders,

    /// <summary>A Keystone token in X-Auth-Token.</summary>
    KeystoneToken,
}

public sealed class ImagesApiOptions
{
    public const string SectionName = "ImagesApi";

    /// <summary>Explicit Images API base URL (e.g. http://127.0.0.1:9292). When empty, the caller's catalog endpoint or the sandbox is used.</summary>
    public Uri? BaseUrl { get; set; }

    public ImagesAuthentication Authentication { get; set; } = ImagesAuthentication.TrustedHeaders;

    /// <summary>Timeout of one attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a whole call, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many member lists the producer view fetches at once.</summary>
    [Range(1, 32)]
    public int MaxParallelCalls { get; set; } = 4;
}

/// <summary>Finds the Images API base address when neither the options nor the caller name one.</summary>
public interface IImagesEndpointResolver
{
    ValueTask<Uri?> GetBaseAddressAsync(CancellationToken cancellationToken);
}
