using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageSharePortal.Sandbox;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.E2ETests.Deployment;

/// <summary>One collection, one test at a time: these tests share the one PostgreSQL and Redis, and stop them.</summary>
[CollectionDefinition(nameof(SharedDeployment), DisableParallelization = true)]
public sealed class SharedDeployment;

/// <summary>
/// The shared deployment for real: two portal instances on PostgreSQL and Redis behind nginx, in Chromium. A person
/// keeps their session when their instance stops, a change on one instance is heard live on the other, the request limit
/// holds across instances and per client, and outages of Redis or PostgreSQL are reported and recovered from.
/// </summary>
[Collection(nameof(SharedDeployment))]
public sealed partial class SharedDeploymentTests(BrowserFixture fixture) : IAsyncLifetime
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Borealis = SandboxDirectory.Projects.Single(p => p.Name == "borealis-web");

    private readonly string _shared = Directory.CreateTempSubdirectory("isp-deploy-test-").FullName;
    private string _database = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        await DeploymentServers.FlushRedisAsync();
        _database = await DeploymentServers.NewDatabaseAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await DeploymentServers.DropDatabaseAsync(_database);
        try
        {
            Directory.Delete(_shared, recursive: true);
        }
        catch (IOException)
        {
            // a sandbox file still open for a moment
        }
    }

    [Fact]
    public async Task A_person_signed_in_through_nginx_stays_signed_in_on_the_same_project_when_their_instance_stops()
    {
        var a = Start(seed: true);
        await using var b = Start(seed: false);
        await using var nginx = await NginxProxy.StartAsync([a.BaseAddress, b.BaseAddress], backupAfterFirst: true);

        var page = await fixture.NewPageAsync(nginx.BaseAddress);
        await PortalPage.SignInAsync(page, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("project-badge")).ToContainTextAsync("borealis-web");

        await a.DisposeAsync(); // instance A goes away with the circuit open; nginx sends the next request to B

        // A new tab of the same browser (the old one reloads by itself when its circuit is refused, at a moment of
        // Blazor's choosing): the session cookie made on A opens on B, on the same project.
        var again = await page.Context.NewPageAsync();
        var response = await again.GotoAsync("/inbox");
        Assert.Equal(200, response!.Status);
        Assert.Equal("/inbox", new Uri(again.Url).AbsolutePath); // not sent to sign in
        await PortalPages.WaitInteractiveAsync(again);
        await Assertions.Expect(again.GetByTestId("project-badge")).ToContainTextAsync("borealis-web");
        await Assertions.Expect(again.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await PortalPage.ScreenshotAsync(again, "50-deployment-signed-in-after-failover");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_share_made_on_one_instance_reaches_the_consumer_live_on_the_other()
    {
        await using var a = Start(seed: true);
        await using var b = Start(seed: false);
        using var sandbox = await SandboxApi.ForAsync(a);
        var imageId = await sandbox.CreateImageAsync(Orbital.Id, "Shared across instances", ct: Ct);

        var consumer = await fixture.NewPageAsync(b);
        await PortalPage.SignInAsync(consumer, "erin", "/inbox");
        await PortalPages.WaitInteractiveAsync(consumer);

        var producer = await fixture.NewPageAsync(a);
        await PortalPage.SignInAsync(producer, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByLabel("Consumer project ID").FillAsync(Borealis.Id);
        await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("add-member-outcome")).ToHaveAttributeAsync("data-outcome", "added");

        await Assertions.Expect(consumer.GetByText("orbital-images shared Shared across instances with your project: it is in your inbox.")).ToBeVisibleAsync();
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}'][data-status=pending]")).ToBeVisibleAsync();
        await consumer.Context.CloseAsync();
        await producer.Context.CloseAsync();
    }

    [Fact]
    public async Task The_request_limit_holds_across_instances_and_per_real_client_behind_nginx()
    {
        var limit = new Dictionary<string, string?> { ["AccessRequests:PermitLimit"] = "3" };
        await using var a = Start(seed: true, limit);
        await using var b = Start(seed: false, limit);
        await using var nginx = await NginxProxy.StartAsync([a.BaseAddress, b.BaseAddress], backupAfterFirst: false);
        var listingId = await FirstListingAsync(nginx.BaseAddress);

        // Client X (127.0.0.2): nginx spreads its page views and posts over both instances; the window is one.
        using var x = new RequestFormClient(nginx.BaseAddress, IPAddress.Parse("127.0.0.2"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await x.PostAsync(listingId, Guid.NewGuid().ToString("N"), $"x{i}@cirrus.example", null)).Status);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);

        // A forged X-Forwarded-For does not make X someone else: nginx appends the address it saw, the portal trusts only that.
        x.Headers.Add("X-Forwarded-For", "203.0.113.9");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await x.PostAsync(listingId, Guid.NewGuid().ToString("N"), "forged@cirrus.example", null)).Status);

        // Client Y (127.0.0.3) has its own window.
        using var y = new RequestFormClient(nginx.BaseAddress, IPAddress.Parse("127.0.0.3"));
        var fromY = await y.PostAsync(listingId, Guid.NewGuid().ToString("N"), "y@cirrus.example", null);
        Assert.Equal(HttpStatusCode.OK, fromY.Status);
        Assert.Contains("data-testid=\"request-sent\"", fromY.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_and_PostgreSQL_outages_are_reported_pages_say_what_is_wrong_and_the_portal_recovers()
    {
        await using var a = Start(seed: true);
        using var http = new HttpClient { BaseAddress = a.BaseAddress };
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await ReadyAsync(http, "redis"));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative), Ct)).StatusCode);

        await DeploymentServers.ScriptAsync("stop-redis");
        try
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await ReadyAsync(http, "redis"));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative), Ct)).StatusCode);
            // The catalogue still renders (the shared page cache misses) and a request still goes in (the limit fails open).
            using var catalogue = await http.GetAsync(new Uri("/catalogue?q=debian", UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.OK, catalogue.StatusCode);
            using var form = new RequestFormClient(a.BaseAddress);
            Assert.Equal(HttpStatusCode.OK, (await form.PostAsync(await FirstListingAsync(a.BaseAddress), Guid.NewGuid().ToString("N"), "during@cirrus.example", null)).Status);
        }
        finally
        {
            await DeploymentServers.ScriptAsync("start-redis");
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await WaitReadyAsync(http, "redis"));

        await DeploymentServers.ScriptAsync("stop-postgres");
        try
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await ReadyAsync(http, "store"));
            using var search = await http.GetAsync(new Uri("/catalogue?q=nothing-cached", UriKind.Relative), Ct);
            var body = await search.Content.ReadAsStringAsync(Ct);
            Assert.True(search.StatusCode == HttpStatusCode.ServiceUnavailable, $"{search.StatusCode}: {body}");
            Assert.Contains("The portal&#x27;s database does not answer.", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        }
        finally
        {
            await DeploymentServers.ScriptAsync("start-postgres");
        }

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await WaitReadyAsync(http, "store"));
        using var again = await http.GetAsync(new Uri("/catalogue?q=debian", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task On_PostgreSQL_the_schema_matches_the_model_and_catalogue_search_ignores_case()
    {
        await using var a = Start(seed: true);
        using var http = new HttpClient { BaseAddress = a.BaseAddress };
        var all = await http.GetStringAsync(new Uri("/catalogue", UriKind.Relative), Ct);
        var title = ListingTitle().Match(all).Groups[1].Value;
        Assert.NotEmpty(title);

        var upper = await http.GetStringAsync(new Uri("/catalogue?q=" + Uri.EscapeDataString(WebUtility.HtmlDecode(title).ToUpperInvariant()), UriKind.Relative), Ct);
        Assert.Contains(title, upper, StringComparison.Ordinal);

        await using var scope = a.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ImageSharePortal.Web.Store.PortalDbContext>>().CreateDbContextAsync(Ct);
        Assert.IsType<ImageSharePortal.Web.Store.PostgresPortalDbContext>(db);
        Assert.Empty(await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetPendingMigrationsAsync(db.Database, Ct));
        Assert.False(Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.HasPendingModelChanges(db.Database), "the PostgreSQL model has changes no migration covers");
    }

    [Fact]
    public async Task A_thousand_mails_with_two_workers_one_stopped_mid_way_reach_the_smtp_server_exactly_once_each()
    {
        await using var smtp = await SmtpSink.StartAsync();
        var mail = smtp.PortalSettings();
        mail["Email:SendTimeout"] = "00:00:01"; // the claim's lease follows it: a stopped worker's batch is free again in 22 s
        mail["Email:PollInterval"] = "00:00:00.200";
        await using var a = Start(seed: true, mail);
        var b = Start(seed: false, mail);

        await using (var scope = a.Services.CreateAsyncScope())
        await using (var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ImageSharePortal.Web.Store.PortalDbContext>>().CreateDbContextAsync(Ct))
        {
            var now = DateTimeOffset.UtcNow;
            db.Outbox.AddRange(Enumerable.Range(0, 1000).Select(i => new ImageSharePortal.Web.Store.OutboxMessage
            {
                Id = Guid.NewGuid(),
                Kind = "load-test",
                ProjectId = Borealis.Id,
                To = "erin@borealis.example",
                Subject = $"Outbox message {i:D4}",
                TextBody = "t",
                HtmlBody = "<p>h</p>",
                CreatedAt = now,
                NextAttemptAt = now,
            }));
            await db.SaveChangesAsync(Ct);
        }

        // B stops (its host cancels the send in flight) with most of the queue still to go.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (smtp.Messages.Count < 250 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        await b.DisposeAsync();
        var atStop = smtp.Messages.Count;
        Assert.InRange(atStop, 250, 900);

        deadline = DateTime.UtcNow.AddSeconds(120);
        while (await PendingAsync(a) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Ct);
        }

        Assert.Equal(0, await PendingAsync(a));
        await Task.Delay(500, Ct); // anything sent twice would have arrived by now
        var subjects = smtp.Messages.Select(m => m.Subject).ToList();
        Assert.Equal(1000, subjects.Count);
        Assert.Equal(1000, subjects.Distinct().Count());
    }

    [Fact]
    public async Task The_migrate_command_brings_an_empty_postgresql_database_up_to_date_and_exits()
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(PortalApp.RepositoryRoot, "src/ImageSharePortal.Web/bin", configuration, "net10.0/ImageSharePortal.Web.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet", [dll, "migrate"])
        {
            WorkingDirectory = PortalApp.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["Store__Provider"] = "PostgreSQL";
        start.Environment["ConnectionStrings__Portal"] = _database;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Sandbox__DatabasePath"] = Path.Combine(_shared, "sandbox.db");
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);

        Assert.True(process.ExitCode == 0, output);
        Assert.Contains("The store is up to date", output, StringComparison.Ordinal);
        await using var connection = new Npgsql.NpgsqlConnection(_database);
        await connection.OpenAsync(Ct);
        await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM \"__EFMigrationsHistory\"", connection);
        await using var model = new ImageSharePortal.Web.Store.PostgresPortalDbContext(
            new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<ImageSharePortal.Web.Store.PortalDbContext>().UseNpgsql(_database).Options);
        Assert.Equal((long)Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.GetMigrations(model.Database).Count(), await count.ExecuteScalarAsync(Ct));
        await using var listings = new Npgsql.NpgsqlCommand("SELECT count(*) FROM \"Listings\"", connection);
        Assert.Equal(0L, await listings.ExecuteScalarAsync(Ct)); // migrated, not started: nothing seeded
    }

    private static async Task<int> PendingAsync(PortalApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ImageSharePortal.Web.Store.PortalDbContext>>().CreateDbContextAsync(Ct);
        return await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Outbox, m => m.Status != ImageSharePortal.Web.Store.OutboxStatus.Sent, Ct);
    }

    private PortalApp Start(bool seed, Dictionary<string, string?>? extra = null)
    {
        var settings = DeploymentServers.InstanceSettings(_database, Path.Combine(_shared, "sandbox.db"), seed);
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        // A stopped instance drops its open circuits after 3 s, as a killed one would at once.
        var app = new PortalApp(settings) { ShutdownTimeout = TimeSpan.FromSeconds(3) };
        app.StartServer();
        return app;
    }

    private static async Task<Guid> FirstListingAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress };
        var page = await http.GetStringAsync(new Uri("/catalogue", UriKind.Relative), Ct);
        return Guid.Parse(ListingLink().Match(page).Groups[1].Value);
    }

    private static async Task<(HttpStatusCode Status, string Check)> ReadyAsync(HttpClient http, string check)
    {
        using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (response.StatusCode, json.RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString()!);
    }

    /// <summary>After a server returns: the portal reconnects by itself (within 30 s).</summary>
    private static async Task<(HttpStatusCode Status, string Check)> WaitReadyAsync(HttpClient http, string check)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var last = await ReadyAsync(http, check);
        while (last.Status != HttpStatusCode.OK && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500, Ct);
            last = await ReadyAsync(http, check);
        }

        return last;
    }

    [GeneratedRegex("href=\"/catalogue/([0-9a-f-]{36})\"")]
    private static partial Regex ListingLink();

    [GeneratedRegex("<h2 id=\"listing-[^\"]+\" class=\"[^\"]+\"><a href=\"/catalogue/[^\"]+\">([^<]+)</a>")]
    private static partial Regex ListingTitle();
}
