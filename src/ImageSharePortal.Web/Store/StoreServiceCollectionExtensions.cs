using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace Microsoft.Extensions.DependencyInjection;

public static class StoreServiceCollectionExtensions
{
    /// <summary>The portal store (EF Core + SQLite under the content root), migrated at start-up.</summary>
    public static IServiceCollection AddPortalStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var connectionString = configuration.GetConnectionString("Portal") ?? "Data Source=data/portal.db";
        var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connectionString);
        if (!Path.IsPathRooted(builder.DataSource) && builder.DataSource != ":memory:")
        {
            builder.DataSource = Path.Combine(environment.ContentRootPath, builder.DataSource);
        }

        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
        }

        services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite(builder.ToString()));
        services.AddHostedService<PortalStoreMigrator>();
        return services;
    }
}

internal sealed class PortalStoreMigrator(IDbContextFactory<PortalDbContext> factory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
