using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>
/// The private PostgreSQL and Redis that <c>scripts/deployment/servers.sh start</c> runs on loopback (its env file), and
/// nginx from the Debian package. The tests fail, not skip, when they are missing: <c>scripts/test.sh</c> starts them.
/// </summary>
public static class DeploymentServers
{
    private static readonly Lazy<Dictionary<string, string>> Env = new(ReadEnv);

    public static string StateDirectory => Environment.GetEnvironmentVariable("ISP_DEPLOY_DIR") ?? "/tmp/isp-deploy";

    public static string PostgresConnection => Value("ISP_POSTGRES_CONNECTION");

    public static string PostgresAdminConnection => Value("ISP_POSTGRES_ADMIN_CONNECTION");

    public static string RedisConnection => Value("ISP_REDIS_CONNECTION");

    public static string NginxBinary => Env.Value.TryGetValue("ISP_NGINX", out var nginx) ? nginx : "/usr/sbin/nginx";

    /// <summary>A new, empty database for one test; its connection string.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var name = "portal_" + Guid.NewGuid().ToString("N")[..12];
        NpgsqlConnection.ClearAllPools(); // a test may have restarted the server: pooled connections are dead
        await using (var admin = new NpgsqlConnection(PostgresAdminConnection))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(PostgresConnection) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="NewDatabaseAsync"/> made (its connections are closed by the server); best effort.</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(PostgresAdminConnection);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        try
        {
            await drop.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.ObjectInUse)
        {
            // A server process of another role (autovacuum) still holds it: left for `servers.sh stop --purge`.
        }
    }

    /// <summary>Empties Redis, so one test's keys (sessions, throttling windows) never meet another's.</summary>
    public static async Task FlushRedisAsync()
    {
        var options = ConfigurationOptions.Parse(RedisConnection);
        options.AllowAdmin = true;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        foreach (var endpoint in redis.GetEndPoints())
        {
            await redis.GetServer(endpoint).FlushAllDatabasesAsync();
        }
    }

    /// <summary>Runs <c>scripts/deployment/servers.sh</c> with a verb (e.g. <c>stop-redis</c>, <c>start-postgres</c>).</summary>
    public static async Task ScriptAsync(string verb)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", [Path.Combine(PortalApp.RepositoryRoot, "scripts/deployment/servers.sh"), verb])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"servers.sh {verb} exited {process.ExitCode}: {output} {error}");
        }
    }

    /// <summary>Shared settings of every instance of one deployment: PostgreSQL, Redis, nginx on loopback as the trusted proxy.</summary>
    public static Dictionary<string, string?> InstanceSettings(string database, string sandboxDatabase, bool seed) => new()
    {
        ["Store:Provider"] = "PostgreSQL",
        ["ConnectionStrings:Portal"] = database,
        ["ConnectionStrings:Redis"] = RedisConnection,
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["Sandbox:DatabasePath"] = sandboxDatabase,
        ["Sandbox:Seed"] = seed ? "true" : "false",
    };

    private static string Value(string key) => Env.Value.TryGetValue(key, out var value)
        ? value
        : throw new InvalidOperationException($"{key} is not in {Path.Combine(StateDirectory, "env")}: run scripts/deployment/servers.sh start");

    private static Dictionary<string, string> ReadEnv()
    {
        var file = Path.Combine(StateDirectory, "env");
        if (!File.Exists(file))
        {
            throw new InvalidOperationException($"{file} is missing: run scripts/deployment/servers.sh start (scripts/test.sh does)");
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(file))
        {
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || at < 1)
            {
                continue;
            }

            var value = line[(at + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '\'' || value[0] == '"') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[line[..at].Trim().Replace("export ", "", StringComparison.Ordinal)] = value;
        }

        return values;
    }
}

/// <summary>nginx in front of portal instances, from <c>deploy/nginx/test-template.conf</c>; stopped on dispose.</summary>
public sealed class NginxProxy : IAsyncDisposable
{
    private readonly string _prefix;
    private readonly string _config;

    private NginxProxy(string prefix, string config, int port)
    {
        _prefix = prefix;
        _config = config;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts nginx over <paramref name="servers"/>; with <paramref name="backupAfterFirst"/> the others take traffic only when the first is down.</summary>
    public static async Task<NginxProxy> StartAsync(IEnumerable<Uri> servers, bool backupAfterFirst)
    {
        var prefix = Directory.CreateTempSubdirectory("isp-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        var port = FreePort();
        var lines = servers.Select((s, i) => $"server {s.Host}:{s.Port} max_fails=1 fail_timeout=30s{(backupAfterFirst && i > 0 ? " backup" : "")};");
        var template = await File.ReadAllTextAsync(Path.Combine(PortalApp.RepositoryRoot, "deploy/nginx/test-template.conf"));
        var config = Path.Combine(prefix, "nginx.conf");
        var text = template.Replace("__LISTEN_PORT__", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("__UPSTREAM_SERVERS__", string.Join("\n        ", lines), StringComparison.Ordinal);
        if (backupAfterFirst)
        {
            // nginx refuses "backup" beside hash balancing: round robin, the first server preferred.
            text = System.Text.RegularExpressions.Regex.Replace(text, @"^\s*hash\s[^;]*;\s*$", "", System.Text.RegularExpressions.RegexOptions.Multiline);
        }

        await File.WriteAllTextAsync(config, text);
        await RunAsync("-p", prefix + "/", "-c", config);
        var proxy = new NginxProxy(prefix, config, port);
        using var http = new HttpClient();
        for (var i = 0; i < 50; i++)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(proxy.BaseAddress, "/health/live"));
                return proxy;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException("nginx did not answer on " + proxy.BaseAddress);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("-p", _prefix + "/", "-c", _config, "-s", "stop");
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static async Task RunAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(DeploymentServers.NginxBinary, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nginx {string.Join(' ', args)} exited {process.ExitCode}: {error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
