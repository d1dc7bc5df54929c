using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ImageSharePortal.TestSupport;

/// <summary>
/// A real SMTP server (the SmtpServer library) on 127.0.0.1, in-process: the portal's MailKit client talks real SMTP
/// to it. Received messages are parsed with MimeKit. Stop it to simulate an outage; start one on the same port again.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private SmtpSink(int port, ConcurrentQueue<MimeMessage> inbox)
    {
        Port = port;
        Messages = inbox;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("e2e.smtp.local")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(inbox));
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>Messages received so far (shared across restarts of the sink on the same port when passed in).</summary>
    public ConcurrentQueue<MimeMessage> Messages { get; }

    /// <summary>The portal settings that send its mail here (plain SMTP on loopback).</summary>
    public Dictionary<string, string?> PortalSettings() => new()
    {
        ["Email:Mode"] = "Smtp",
        ["Email:Host"] = "127.0.0.1",
        ["Email:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Security"] = "None",
    };

    public static async Task<SmtpSink> StartAsync(int port = 0, ConcurrentQueue<MimeMessage>? inbox = null)
    {
        var sink = new SmtpSink(port == 0 ? FreePort() : port, inbox ?? new ConcurrentQueue<MimeMessage>());
        await sink.WaitListeningAsync();
        return sink;
    }

    /// <summary>A port nothing listens on right now (bind to 0, read it, release it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until a message matching <paramref name="match"/> arrives.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (Messages.FirstOrDefault(match) is { } message)
            {
                return message;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No matching message within the timeout; received: {string.Join(" | ", Messages.Select(m => $"{m.To} '{m.Subject}'"))}");
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (OperationCanceledException)
        {
            // Stopped, as asked.
        }
        catch (TimeoutException)
        {
            // A session still open; the listener is closed, which is what the tests need.
        }

        _stop.Dispose();
    }

    private async Task WaitListeningAsync()
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"The SMTP sink did not start listening on port {Port}.");
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> inbox) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            await using var stream = new MemoryStream(buffer.ToArray());
            inbox.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
