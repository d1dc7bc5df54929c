using System.Net;
using System.Net.Sockets;

namespace ImageSharePortal.TestSupport;

/// <summary>
/// A TCP proxy on loopback in front of a real server, for faults: it can hold each request for <see cref="Delay"/>
/// (a slow server) or hang up on every new connection (<see cref="HangUp"/>: a server that does not answer).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Uri _target;
    private readonly Task _accepting;
    private long _delayTicks;
    private volatile bool _hangUp;

    public TcpProxy(Uri target)
    {
        _target = target;
        _listener.Start();
        var port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Address = new UriBuilder(target) { Host = "127.0.0.1", Port = port }.Uri;
        _accepting = AcceptAsync();
    }

    /// <summary>The target's URL with the proxy's port (same path).</summary>
    public Uri Address { get; }

    public TimeSpan Delay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _delayTicks));
        set => Interlocked.Exchange(ref _delayTicks, value.Ticks);
    }

    public bool HangUp
    {
        get => _hangUp;
        set => _hangUp = value;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            if (_hangUp)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                return;
            }

            using var upstream = new TcpClient();
            try
            {
                await upstream.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var up = PumpAsync(client.GetStream(), upstream.GetStream(), delayed: true, connection.Token);
                var down = PumpAsync(upstream.GetStream(), client.GetStream(), delayed: false, connection.Token);
                await Task.WhenAny(up, down);
                await connection.CancelAsync();
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
            {
                // One side went away: close both.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool delayed, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                if (delayed && Delay > TimeSpan.Zero)
                {
                    await Task.Delay(Delay, ct);
                }

                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // Closed.
        }
    }
}
