using System.ComponentModel.DataAnnotations;

namespace ImageSharePortal.Web.Store
{
    public enum StoreProvider
    {
        Sqlite,
        PostgreSQL,
    }

    /// <summary>The <c>Store</c> section: which database keeps the portal's own data.</summary>
    public sealed class StoreOptions
    {
        public const string SectionName = "Store";

        /// <summary><c>Sqlite</c> (the default: one instance, a file under the content root) or <c>PostgreSQL</c> (several instances).</summary>
        [EnumDataType(typeof(StoreProvider))]
        public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

        /// <summary>
        /// Whether each start brings the schema up to date. Operators of several instances may turn it off and run
        /// <c>ImageSharePortal.Web migrate</c> once per release instead; either way two starts never migrate at once.
        /// </summary>
        public bool MigrateAtStartup { get; set; } = true;

        public static StoreOptions From(IConfiguration configuration) =>
            configuration.GetSection(SectionName).Get<StoreOptions>() ?? new StoreOptions();
    }

    /// <summary>Creates the provider's context type, so EF Core finds that provider's migrations.</summary>
    internal sealed class PostgresContextFactory(DbContextOptions<PortalDbContext> options) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => new PostgresPortalDbContext(options);
    }

    /// <summary>Brings the schema up to date at start-up (unless <see cref="StoreOptions.MigrateAtStartup"/> is off).</summary>
    internal sealed class PortalStoreMigrator(StoreMigrations migrations, Microsoft.Extensions.Options.IOptions<StoreOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) =>
            options.Value.MigrateAtStartup ? migrations.MigrateAsync(cancellationToken) : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>
    /// Migrations with a lock that cannot be left behind. PostgreSQL: EF Core locks the history table inside the
    /// migration's transaction, which the server releases when a killed process's connection drops. SQLite: EF Core's
    /// lock is a row in <c>__EFMigrationsLock</c> that a killed start leaves, and every later start then waits forever;
    /// here an OS file lock beside the database (released by the kernel when the process dies) guards the migration,
    /// and whoever holds it clears a row a dead start left.
    /// </summary>
    public sealed partial class StoreMigrations(IDbContextFactory<PortalDbContext> factory, ILogger<StoreMigrations> logger)
    {
        public async Task MigrateAsync(CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            if (!db.Database.IsSqlite())
            {
                await db.Database.MigrateAsync(cancellationToken);
                return;
            }

            var file = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            using var guard = file is ":memory:" or "" ? null : await LockFileAsync(file + ".migrate-lock", cancellationToken);
            try
            {
                var cleared = await ClearStaleSqliteLockAsync(db, cancellationToken);
                if (cleared > 0)
                {
                    LogStaleLock(logger, file);
                }

                await db.Database.MigrateAsync(cancellationToken);
            }
            catch (Microsoft.Data.Sqlite.SqliteException e)
            {
                throw new InvalidOperationException(
                    $"The portal's store {file} (ConnectionStrings:Portal) could not be opened: {Reason(e.SqliteErrorCode)} (SQLite: {e.Message.TrimEnd('.')}).", e);
            }
        }

        /// <summary>Why SQLite could not use the file, in words, from its error code.</summary>
        internal static string Reason(int sqliteErrorCode) => (sqliteErrorCode & 0xff) switch
        {
            5 or 6 => "another process holds it locked; stop that process or point the portal at another file",
            8 => "it is read-only for the portal's user; give that user write access to the file and its folder",
            11 or 26 => "it is not a SQLite database, or it is damaged; restore it from a backup or move it away to start empty",
            14 => "it cannot be opened; check that the folder exists and the portal's user may write there",
            13 => "the disk is full",
            _ => "SQLite refused it",
        };

        private static async Task<int> ClearStaleSqliteLockAsync(PortalDbContext db, CancellationToken cancellationToken)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsLock'";
                if (Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    return 0;
                }

                command.CommandText = "DELETE FROM \"__EFMigrationsLock\"";
                return await command.ExecuteNonQueryAsync(cancellationToken);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }

        private async Task<FileStream> LockFileAsync(string path, CancellationToken cancellationToken)
        {
            var logged = false;
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
                }
                catch (IOException)
                {
                    if (!logged)
                    {
                        LogWaiting(logger, path);
                        logged = true;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                }
            }
        }

        [LoggerMessage(Level = LogLevel.Warning, Message = "A start that was stopped while migrating {File} left EF Core's migration lock; cleared it")]
        private static partial void LogStaleLock(ILogger logger, string file);

        [LoggerMessage(Level = LogLevel.Information, Message = "Waiting for another process migrating the store ({LockFile})")]
        private static partial void LogWaiting(ILogger logger, string lockFile);
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    public static class StoreServiceCollectionExtensions
    {
        /// <summary>
        /// The portal store: EF Core on SQLite under the content root (the default) or on PostgreSQL
        /// (<c>Store:Provider=PostgreSQL</c>), with the connection string in <c>ConnectionStrings:Portal</c>.
        /// </summary>
        public static IServiceCollection AddPortalStore(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
        {
            services.AddOptions<StoreOptions>().Bind(configuration.GetSection(StoreOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
            var store = StoreOptions.From(configuration);
            if (store.Provider == StoreProvider.PostgreSQL)
            {
                var connectionString = configuration.GetConnectionString("Portal");
                if (string.IsNullOrWhiteSpace(connectionString) || connectionString.Contains("Data Source=", StringComparison.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        "Store:Provider is PostgreSQL but ConnectionStrings:Portal is not a PostgreSQL connection string (e.g. Host=db;Database=portal;Username=portal;Password=…).");
                }

                services.AddDbContextFactory<PortalDbContext, PostgresContextFactory>((sp, o) => o.UseNpgsql(connectionString).AddInterceptors(Interceptors(sp)));
            }
            else
            {
                services.AddDbContextFactory<PortalDbContext>((sp, o) => o.UseSqlite(SqliteConnectionString(configuration, environment)).AddInterceptors(Interceptors(sp)));
            }

            services.AddSingleton<StoreMigrations>();
            services.AddHostedService<PortalStoreMigrator>();
            return services;
        }

        private static Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] Interceptors(IServiceProvider services) =>
            services.GetService<ImageSharePortal.Web.Hosting.PortalMetrics>() is { } metrics ? [new ImageSharePortal.Web.Hosting.AuditMetricsInterceptor(metrics)] : [];

        private static string SqliteConnectionString(IConfiguration configuration, IHostEnvironment environment)
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

            // A locked database is waited for this long (SQLite's default is 30 s), then the page says the store does not answer.
            if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            {
                builder.DefaultTimeout = 10;
            }

            return builder.ToString();
        }
    }
}
