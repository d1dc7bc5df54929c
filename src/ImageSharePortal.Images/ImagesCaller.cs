namespace ImageSharePortal.Images;

/// <summary>
/// Who an Images API call acts for. The project always comes from the signed-in session.
/// Either a Keystone token (real OpenStack) or the trusted identity headers (embedded sandbox) are sent.
/// </summary>
public sealed class ImagesCaller
{
    public ImagesCaller(string projectId, string userId, IReadOnlyList<string> roles, string? token = null, Uri? imageEndpoint = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ProjectId = projectId;
        UserId = userId;
        Roles = roles;
        Token = token;
        ImageEndpoint = imageEndpoint;
    }

    public string ProjectId { get; }
    public string UserId { get; }
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Keystone token; never logged, never sent to the browser.</summary>
    public string? Token { get; }

    /// <summary>The image endpoint from the token's service catalog, when known.</summary>
    public Uri? ImageEndpoint { get; }

    public override string ToString() => $"project {ProjectId}, user {UserId}";
}

/// <summary>Gives the Images client the caller of the current operation (the signed-in session's identity).</summary>
public interface IImagesCallerAccessor
{
    ValueTask<ImagesCaller?> GetCallerAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Carries the caller from <see cref="ImagesClient"/> down to the HTTP handlers. Message handlers live in
/// their own DI scope, so the caller travels with the async flow rather than through DI.
/// </summary>
public static class ImagesCallContext
{
    private static readonly AsyncLocal<ImagesCaller?> CurrentCaller = new();

    public static ImagesCaller? Current => CurrentCaller.Value;

    public static IDisposable Use(ImagesCaller? caller)
    {
        var previous = CurrentCaller.Value;
        CurrentCaller.Value = caller;
        return new Restore(previous);
    }

    private sealed class Restore(ImagesCaller? previous) : IDisposable
    {
        public void Dispose() => CurrentCaller.Value = previous;
    }
}
