using System.Security.Claims;
using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Store;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Services;

namespace ImageSharePortal.ComponentTests.Infrastructure;

/// <summary>
/// bUnit context with Mud services, an authorization state for a chosen project, the real feature services
/// over a <see cref="FakeImagesClient"/>, and an in-memory SQLite portal store.
/// </summary>
public abstract class PortalTestContext : BunitContext
{
    public const string ProducerProject = "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1";
    public const string ConsumerProject = "c0ffee11223344556677889900aabbcc";

    private readonly SqliteConnection _store = new("Data Source=:memory:");
    private string? _project;

    protected PortalTestContext()
    {
        // A 2-core CI machine running every test project at once: wait for state a little longer than bUnit's 1 s.
        DefaultWaitTimeout = TimeSpan.FromSeconds(5);
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        Auth = AddAuthorization();
        Images = new FakeImagesClient(() => _project);
        Services.AddSingleton<IImagesClient>(Images);
        Services.AddSingleton(TimeProvider.System);
        Services.AddMemoryCache();
        Services.AddOptions();
        Services.AddDistributedMemoryCache();
        Services.AddSingleton<SignedOutSessions>();
        Services.AddScoped<ICurrentIdentity, CurrentIdentity>();
        _store.Open();
        Services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite(_store).AddInterceptors(StoreGate));
        using (var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_store).Options))
        {
            db.Database.EnsureCreated();
        }

        Services.AddPortalFeatures();
        Services.AddPortalShares(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), new PortalOptions());
        // The embedded default's parts the pages meet: the owner project acting alone, persona sign-in.
        Services.AddSingleton<ImageSharePortal.Web.Features.Shares.IServiceImagesCaller, ImageSharePortal.Web.Embedded.OwnerProjectCaller>();
        Services.AddPersonaSignIn();

        // Touching the renderer builds the service provider: register everything before this line.
        Renderer.SetRendererInfo(new RendererInfo("Server", true));
    }

    protected FakeImagesClient Images { get; }

    /// <summary>Holds portal-store reads open while its <see cref="StoreGateInterceptor.Gate"/> is set (to see loading states).</summary>
    protected StoreGateInterceptor StoreGate { get; } = new();

    protected BunitAuthorizationContext Auth { get; }

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    protected void SignInAs(string projectId, string projectName = "test-project")
    {
        _project = projectId;
        Auth.SetAuthorized("Test User");
        Auth.SetClaims(
            new Claim(PortalClaims.UserId, "user-" + projectId[..6]),
            new Claim(PortalClaims.ProjectId, projectId),
            new Claim(PortalClaims.ProjectName, projectName),
            new Claim(PortalClaims.Email, $"user@{projectName}.example"),
            new Claim(PortalClaims.Role, "member"));
    }

    /// <summary>A project the portal's directory knows (as if someone of it had signed in), with an optional contact.</summary>
    protected void KnowProject(string projectId, string name, string? email = null)
    {
        using var db = OpenStore();
        db.Projects.Add(new KnownProject { Id = projectId, Name = name, Source = "sign-in", FirstSeenAt = DateTimeOffset.UtcNow, LastSeenAt = DateTimeOffset.UtcNow });
        if (email is not null)
        {
            db.ProjectContacts.Add(new ProjectContact { Id = Guid.NewGuid(), ProjectId = projectId, Email = email, LastSeenAt = DateTimeOffset.UtcNow });
        }

        db.SaveChanges();
    }

    protected IRenderedComponent<MudPopoverProvider> RenderPopovers() => Render<MudPopoverProvider>();

    /// <summary>A published listing of <paramref name="imageId"/> owned by the producer project.</summary>
    protected Listing AddListing(string imageId, string title = "Debian 12 listing", string owner = ProducerProject)
    {
        using var db = OpenStore();
        var listing = new Listing
        {
            Id = Guid.NewGuid(), ImageId = imageId, OwnerProjectId = owner, OwnerProjectName = "orbital-images", Title = title, ImageName = title,
            IsPublished = true, PublishedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, PublishedByUserId = "alice", PublisherEmail = "alice@orbital.example",
        };
        db.Listings.Add(listing);
        db.SaveChanges();
        return listing;
    }

    protected AccessRequest AddRequest(Listing listing, string requester = ConsumerProject, string message = "Please share it.", AccessRequestStatus status = AccessRequestStatus.Open)
    {
        using var db = OpenStore();
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(), ListingId = listing.Id, ImageId = listing.ImageId, ImageName = listing.ImageName, OwnerProjectId = listing.OwnerProjectId,
            RequesterProjectId = requester, RequesterEmail = "dave@atlas.example", Message = message, Status = status, CreatedAt = DateTimeOffset.UtcNow,
        };
        db.AccessRequests.Add(request);
        db.SaveChanges();
        return request;
    }

    protected PortalDbContext OpenStore() => new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite(_store).Options);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _store.Dispose();
        }

        base.Dispose(disposing);
    }
}
