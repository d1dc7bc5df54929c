using System.Net;
using System.Net.Sockets;

namespace ImageSharePortal.TestSupport;

/// <summary>
/// A loopback port that stays taken for the test's life and resets every connection at once: a server that does not
/// answer, without freeing a port another host could take meanwhile.
/// </summary>
public sealed class RefusingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();

    public RefusingListener()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = RefuseAsync();
    }

    public int Port { get; }

    private async Task RefuseAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                client.LingerState = new LingerOption(true, 0); // close with a reset, as a refusing host does
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
