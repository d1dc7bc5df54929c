using ImageSharePortal.Sandbox;

namespace ImageSharePortal.Web.Embedded;

/// <summary>
/// Embedded default only: on a fresh portal store, lists a few of each demo producer's shared images so the
/// catalogue is not empty on first run. Reads the facts through the Images API, acting as each producer.
/// </summary>
internal sealed partial class DemoCatalogueSeeder(
    IDbContextFactory<PortalDbContext> store,
    IGlanceImagesApi images,
    IOptions<SandboxOptions> sandbox,
    TimeProvider clock,
    ILogger<DemoCatalogueSeeder> logger) : IHostedService
{
    private const int ListingsPerProducer = 4;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!sandbox.Value.Seed)
        {
            return;
        }

        await using var db = await store.CreateDbContextAsync(cancellationToken);
        if (await db.Listings.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var producer in SandboxDirectory.Projects.Where(p => p.IsProducer))
        {
            var user = SandboxDirectory.Users.First(u => u.ProjectId == producer.Id);
            using var caller = ImagesCallContext.Use(new ImagesCaller(producer.Id, user.Id, user.Roles));
            var page = await images.ListImagesAsync(new ImageListQuery { Owner = producer.Id, Visibility = Visibilities.Shared, Sort = "name:asc", Limit = 50 }, cancellationToken);
            if (!page.IsSuccessful || page.Content is null)
            {
                LogSkipped(logger, producer.Name, page.StatusCode is { } status ? (int)status : 0);
                continue;
            }

            foreach (var image in page.Content.Images.Where(i => i.Status == "active").Take(ListingsPerProducer))
            {
                db.Listings.Add(new Listing
                {
                    Id = Guid.NewGuid(),
                    ImageId = image.Id,
                    OwnerProjectId = producer.Id,
                    OwnerProjectName = producer.Name,
                    Title = image.Name ?? image.Id,
                    Description = $"{image.Name} maintained by {producer.Description.Split(':')[0]}. " +
                        $"{image.OsDistro} {image.OsVersion}, {image.DiskFormat} format; needs at least {image.MinDisk} GB of disk and {image.MinRam} MB of RAM. Ask for access and boot it in your own project.",
                    ImageName = image.Name ?? image.Id,
                    OperatingSystem = image.OsDistro?.ToLowerInvariant(),
                    OsVersion = image.OsVersion,
                    SizeBytes = image.Size,
                    MinDiskGb = image.MinDisk,
                    MinRamMb = image.MinRam,
                    DiskFormat = image.DiskFormat,
                    Checksum = image.Checksum,
                    ImageCreatedAt = image.CreatedAt,
                    IsPublished = true,
                    PublishedAt = now,
                    UpdatedAt = now,
                    PublishedByUserId = user.Id,
                    PublisherEmail = user.Email,
                });
            }
        }

        var count = await db.SaveChangesAsync(cancellationToken);
        LogSeeded(logger, count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo catalogue seeded with {Count} listings")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo catalogue: could not list images of {Producer} ({Status})")]
    private static partial void LogSkipped(ILogger logger, string producer, int status);
}
