using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSharePortal.Sandbox;

/// <summary>
/// The sandbox's inner web app lives inside the portal's host: it must not take over Ctrl+C / SIGTERM
/// (the outer host stops it) nor repeat the host's start-up banner.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The host's logger factory minus the inner host's lifetime messages ("Now listening on", "Content root path").</summary>
internal sealed class EmbeddedLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) =>
        categoryName == "Microsoft.Hosting.Lifetime" ? NullLogger.Instance : inner.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The host owns the wrapped factory and disposes it.</summary>
    public void Dispose()
    {
    }
}
