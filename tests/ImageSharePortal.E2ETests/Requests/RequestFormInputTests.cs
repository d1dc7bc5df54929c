using System.Net;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.E2ETests.Requests;

/// <summary>Bad input on every field of the public form, over real HTTP: a clear message, nothing stored, never a 500.</summary>
public sealed class RequestFormInputTests(BrowserFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly SandboxProject Northwind = SandboxDirectory.Projects.Single(p => p.Name == "northwind-labs");
    private const string GoodProject = "e1e2e3e4e5e6e7e8e9eaebecedeeef00";
    private const string GoodEmail = "frank@cirrus.example";

    public static TheoryData<string, string?, string?, string?, string> BadInput => new()
    {
        { "project empty", "", GoodEmail, null, "Enter your project ID" },
        { "project missing", null, GoodEmail, null, "Enter your project ID" },
        { "project whitespace", "   \t  ", GoodEmail, null, "Enter your project ID" },
        { "project overlong", new string('a', 65), GoodEmail, null, "at most 64 characters" },
        { "project control characters", "e1e2e3e4\u0001e5e6", GoodEmail, null, "no spaces or control characters" },
        { "project script tag", "<script>alert(1)</script>", GoodEmail, null, "is not a project ID" },
        { "project malformed", "e1e2 e3e4/e5e6", GoodEmail, null, "no spaces or control characters" },
        { "project name instead of id", "cirrus-ci", GoodEmail, null, "is not a project ID: in this cloud a project ID is 32 hexadecimal digits" },
        { "email empty", GoodProject, "", null, "Enter an email address" },
        { "email missing", GoodProject, null, null, "Enter an email address" },
        { "email whitespace", GoodProject, "   ", null, "Enter an email address" },
        { "email overlong", GoodProject, new string('a', 250) + "@x.org", null, "at most 254 characters" },
        { "email control characters", GoodProject, "frank@cirrus.example\r\nBcc: everyone@example.org", null, "control characters" },
        { "email script tag", GoodProject, "<script>alert(1)</script>@x.org", null, "not an email address" },
        { "email malformed", GoodProject, "frank@", null, "not an email address" },
        { "email no domain dot", GoodProject, "frank@cirrus", null, "not an email address" },
        { "message overlong", GoodProject, GoodEmail, new string('m', 1001), "at most 1000 characters" },
        { "message control characters", GoodProject, GoodEmail, "hello\u001b[31mworld", "control characters" },
        { "message script tag", GoodProject, GoodEmail, "<script>alert(1)</script>", "cannot contain HTML tags" },
        { "message html tag", GoodProject, GoodEmail, "see <img src=x onerror=alert(1)>", "cannot contain HTML tags" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_gets_a_clear_message_and_nothing_is_stored(string field, string? projectId, string? email, string? message, string expected)
    {
        var listing = await NewListingAsync(field);
        using var form = new RequestFormClient(fixture.App.BaseAddress);

        var (status, body) = await form.PostAsync(listing.Id, projectId, email, message);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(WebUtility.HtmlEncode(expected), body, StringComparison.Ordinal);
        Assert.Contains("Nothing was sent", body, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", body, StringComparison.Ordinal);
        await AssertNothingStoredAsync(listing);
    }

    [Theory]
    [InlineData("e1e2e3e4\u0000e5e6", GoodEmail, null)]
    [InlineData(GoodProject, "frank\u0000@cirrus.example", null)]
    [InlineData(GoodProject, GoodEmail, "hello\u0000world")]
    public async Task A_nul_byte_in_any_field_is_refused_before_the_form_is_read_and_nothing_is_stored(string projectId, string email, string? message)
    {
        var listing = await NewListingAsync("nul");
        using var form = new RequestFormClient(fixture.App.BaseAddress);

        var (status, _) = await form.PostAsync(listing.Id, projectId, email, message);

        // ASP.NET Core's form reader rejects NUL, so the antiforgery check fails first: a 400, never a 500.
        Assert.Equal(HttpStatusCode.BadRequest, status);
        await AssertNothingStoredAsync(listing);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_nothing_is_stored()
    {
        var listing = await NewListingAsync("antiforgery");
        using var form = new RequestFormClient(fixture.App.BaseAddress);

        var (status, _) = await form.PostAsync(listing.Id, GoodProject, GoodEmail, "hi", withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        await AssertNothingStoredAsync(listing);
    }

    [Fact]
    public async Task Good_input_is_stored_once_and_asking_again_with_the_same_address_finds_the_open_request()
    {
        var listing = await NewListingAsync("good");
        using var form = new RequestFormClient(fixture.App.BaseAddress);

        var first = await form.PostAsync(listing.Id, $"  {GoodProject} ", $" {GoodEmail} ", "Line one\nline two, 2 < 3");
        var second = await form.PostAsync(listing.Id, GoodProject, GoodEmail.ToUpperInvariant(), null);

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.Contains("data-testid=\"request-sent\"", first.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, second.Status);
        Assert.Contains("data-testid=\"request-open\"", second.Body, StringComparison.Ordinal);
        await using var db = await fixture.App.OpenStoreAsync();
        var request = await db.AccessRequests.SingleAsync(r => r.ListingId == listing.Id, Ct);
        Assert.Equal((GoodProject, GoodEmail, false), (request.RequesterProjectId, request.RequesterEmail, request.IsVerified));
        Assert.Equal("Line one\nline two, 2 < 3", request.Message);
    }

    [Fact]
    public async Task Too_many_posts_from_one_client_get_a_429_in_the_portal_layout_that_keeps_what_was_typed_and_stores_nothing()
    {
        await using var app = new PortalApp(new() { ["AccessRequests:PermitLimit"] = "2", ["AccessRequests:Window"] = "00:10:00" });
        app.StartServer();
        var listing = await app.AddListingAsync("limit-image", "Rate limited listing", Northwind);
        using var form = new RequestFormClient(app.BaseAddress);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            statuses.Add((await form.PostAsync(listing.Id, "", GoodEmail, null)).Status);
        }

        var (third, body) = await form.PostAsync(listing.Id, GoodProject, GoodEmail, "Please keep this text");
        statuses.Add(third);

        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("data-testid=\"too-many-requests\"", body, StringComparison.Ordinal);
        Assert.Contains("Try again in about 10 minutes", body, StringComparison.Ordinal);
        Assert.Contains("portal-appbar", body, StringComparison.Ordinal); // the portal's own layout, not a bare page
        Assert.Contains($"value=\"{GoodProject}\"", body, StringComparison.Ordinal);
        Assert.Contains($"value=\"{GoodEmail}\"", body, StringComparison.Ordinal);
        Assert.Contains(">Please keep this text</textarea>", body, StringComparison.Ordinal);
        await using (var db = await app.OpenStoreAsync())
        {
            Assert.False(await db.AccessRequests.AnyAsync(r => r.ListingId == listing.Id, Ct));
        }

        using var reader = new HttpClient { BaseAddress = app.BaseAddress };
        using var page = await reader.GetAsync(new Uri($"/catalogue/{listing.Id}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode); // reading is never limited
    }

    private async Task<Listing> NewListingAsync(string name) =>
        await fixture.App.AddListingAsync($"input-{Guid.NewGuid():N}", $"Input test {name}", Northwind);

    private async Task AssertNothingStoredAsync(Listing listing)
    {
        await using var db = await fixture.App.OpenStoreAsync();
        Assert.False(await db.AccessRequests.AnyAsync(r => r.ListingId == listing.Id, Ct));
        Assert.False(await db.AuditEvents.AnyAsync(e => e.ImageId == listing.ImageId, Ct));
        Assert.False(await db.Outbox.AnyAsync(m => m.Subject.Contains(listing.Title), Ct));
    }

    [Fact]
    public async Task A_locked_store_answers_the_form_within_seconds_with_a_503_in_words_and_keeps_what_was_typed()
    {
        await using var app = new PortalApp();
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var imageId = await sandbox.CreateImageAsync(Northwind.Id, "Locked Rocky 9", ct: Ct);
        var listing = await app.AddListingAsync(imageId, "Locked Rocky 9", Northwind);
        using var form = new RequestFormClient(app.BaseAddress);

        // Another process holds the database's write lock.
        await using var holder = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "portal.db")}");
        await holder.OpenAsync(Ct);
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE"; // the write lock: pages still read, writes wait
            await begin.ExecuteNonQueryAsync(Ct);
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (status, body) = await form.PostAsync(listing.Id, GoodProject, GoodEmail, "Kept while the store is locked");
        started.Stop();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("database does not answer", body, StringComparison.Ordinal);
        Assert.Contains("Your request was not sent", body, StringComparison.Ordinal);
        Assert.Contains(GoodProject, body, StringComparison.Ordinal);
        Assert.Contains("Kept while the store is locked", body, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(20), $"The form waited {started.Elapsed} for the locked store.");

        await using (var rollback = holder.CreateCommand())
        {
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(Ct);
        }

        await using var db = await app.OpenStoreAsync();
        Assert.Empty(await db.AccessRequests.Where(r => r.ListingId == listing.Id).ToListAsync(Ct));
    }
}
