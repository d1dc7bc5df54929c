using ImageSharePortal.Sandbox;

namespace ImageSharePortal.Web.Embedded;

/// <summary>The Images API is the in-process sandbox, at the address it listens on once started.</summary>
internal sealed class SandboxEndpointResolver(SandboxServer sandbox) : IImagesEndpointResolver, IImagesEndpointDescription
{
    public async ValueTask<Uri?> GetBaseAddressAsync(CancellationToken cancellationToken) =>
        await sandbox.GetBaseAddressAsync(cancellationToken);

    public string Describe() => sandbox.BaseAddress?.ToString() ?? "(sandbox not started)";
}
