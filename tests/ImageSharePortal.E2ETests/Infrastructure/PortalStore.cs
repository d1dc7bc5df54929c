using System.Net;
using System.Text.RegularExpressions;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>Test data and assertions straight on a running portal's store, as an operator's script would.</summary>
public static class PortalStore
{
    public static IDbContextFactory<PortalDbContext> Store(this PortalApp app) =>
        app.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    public static async Task<PortalDbContext> OpenStoreAsync(this PortalApp app) => await app.Store().CreateDbContextAsync();

    /// <summary>A published listing of an image, as a producer would have published it (with the producer's email).</summary>
    public static async Task<Listing> AddListingAsync(this PortalApp app, string imageId, string title, SandboxProject owner)
    {
        var publisher = SandboxDirectory.Users.First(u => u.ProjectId == owner.Id);
        var listing = new Listing
        {
            Id = Guid.NewGuid(), ImageId = imageId, OwnerProjectId = owner.Id, OwnerProjectName = owner.Name, Title = title, ImageName = title,
            Description = "Listed by a test.", OperatingSystem = "debian", IsPublished = true, PublishedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
            PublishedByUserId = publisher.Id, PublisherEmail = publisher.Email,
        };
        await using (var db = await app.OpenStoreAsync())
        {
            db.Listings.Add(listing);
            await db.SaveChangesAsync();
        }

        // Written past the portal, so its catalogue caches are told, as the portal does after its own writes.
        await app.Services.GetRequiredService<ImageSharePortal.Web.Features.Catalogue.CatalogueCache>().InvalidateAsync();
        return listing;
    }

    public static async Task<AccessRequest> AddOpenRequestAsync(this PortalApp app, Listing listing, SandboxProject requester, string email)
    {
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(), ListingId = listing.Id, ImageId = listing.ImageId, ImageName = listing.ImageName, OwnerProjectId = listing.OwnerProjectId,
            RequesterProjectId = requester.Id, RequesterEmail = email, Message = "Set up by a test.", CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = await app.OpenStoreAsync();
        db.AccessRequests.Add(request);
        await db.SaveChangesAsync();
        return request;
    }

    /// <summary>Polls the store until <paramref name="condition"/> holds.</summary>
    public static async Task<T> WaitForAsync<T>(this PortalApp app, Func<PortalDbContext, Task<T>> read, Func<T, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        T value;
        do
        {
            await using var db = await app.OpenStoreAsync();
            value = await read(db);
            if (condition(value))
            {
                return value;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"The store did not reach the expected state; last value: {value}");
    }
}

/// <summary>Posts the public "Request access" form over plain HTTP, the way a browser (or a bot) would.</summary>
public sealed partial class RequestFormClient : IDisposable
{
    private readonly HttpClient _http;

    /// <param name="baseAddress">The portal, or a proxy in front of it.</param>
    /// <param name="from">A loopback address to connect from (127.0.0.2, …): another client as far as the proxy can tell.</param>
    public RequestFormClient(Uri baseAddress, IPAddress? from = null)
    {
        var handler = new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        if (from is not null)
        {
            handler.ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(from, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            };
        }

        _http = new HttpClient(handler) { BaseAddress = baseAddress };
    }

    /// <summary>Headers sent with every request (e.g. a forged X-Forwarded-For).</summary>
    public System.Net.Http.Headers.HttpRequestHeaders Headers => _http.DefaultRequestHeaders;

    /// <summary>GETs the request page for a fresh antiforgery token, then posts the fields given (null = field left out).</summary>
    public async Task<(HttpStatusCode Status, string Body)> PostAsync(Guid listingId, string? projectId, string? email, string? message, bool withToken = true)
    {
        var page = await _http.GetStringAsync($"/catalogue/{listingId}/request");
        var fields = new List<KeyValuePair<string, string>> { new("_handler", "access-request") };
        if (withToken)
        {
            fields.Add(new("__RequestVerificationToken", WebUtility.HtmlDecode(TokenPattern().Match(page).Groups[1].Value)));
        }

        if (projectId is not null)
        {
            fields.Add(new("Form.ProjectId", projectId));
        }

        if (email is not null)
        {
            fields.Add(new("Form.Email", email));
        }

        if (message is not null)
        {
            fields.Add(new("Form.Message", message));
        }

        using var content = new FormUrlEncodedContent(fields);
        using var response = await _http.PostAsync(new Uri($"/catalogue/{listingId}/request", UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => _http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
