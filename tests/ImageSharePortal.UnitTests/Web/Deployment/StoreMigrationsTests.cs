using ImageSharePortal.Web.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace ImageSharePortal.UnitTests.Web.Deployment;

/// <summary>Start-up migrations on SQLite: a lock left by a killed start does not block the next one; two starts at once both finish.</summary>
public sealed class StoreMigrationsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isp-migrate-lock-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string File => Path.Combine(_folder, "portal.db");

    [Fact]
    public async Task A_lock_row_left_by_a_killed_start_is_cleared_and_the_next_start_migrates()
    {
        // A start killed mid-migration: EF Core's lock table holds its row, the schema is not there.
        await using (var connection = new SqliteConnection($"Data Source={File}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE "__EFMigrationsLock" ("Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY, "Timestamp" TEXT NOT NULL);
                INSERT INTO "__EFMigrationsLock" ("Id", "Timestamp") VALUES (1, '2026-12-02 10:00:00');
                """;
            await command.ExecuteNonQueryAsync(Ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30)); // EF Core alone waits for the row forever
        await Migrations().MigrateAsync(timeout.Token);

        await using var db = Open();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(0, await db.Database.SqlQueryRaw<int>("SELECT count(*) AS \"Value\" FROM \"__EFMigrationsLock\"").SingleAsync(Ct));
        Assert.False(System.IO.File.Exists(File + ".migrate-lock"), "the lock file goes with its holder");
    }

    [Fact]
    public async Task Two_starts_migrating_at_once_both_finish_with_one_schema()
    {
        await Task.WhenAll(Migrations().MigrateAsync(Ct), Migrations().MigrateAsync(Ct));

        await using var db = Open();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Ct));
        Assert.Equal(await db.Database.GetAppliedMigrationsAsync(Ct), db.Database.GetMigrations());
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private StoreMigrations Migrations() => new(new Factory(File), NullLogger<StoreMigrations>.Instance);

    private PortalDbContext Open() => new Factory(File).CreateDbContext();

    private sealed class Factory(string file) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={file}").Options);
    }
}
