using ImageSharePortal.Web.Embedded;
using System.Collections.Concurrent;
using System.Text.Json;
using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Features.Shares;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ImageSharePortal.UnitTests.Web.Shares;

/// <summary>
/// The share-end worker against a real SQLite store, a fake clock and an Images API that keeps members in memory: the end,
/// the notices ahead, extend and clear, a restart mid-way, a member already gone or added again, a failing Images API.
/// </summary>
public sealed class ShareEndWorkerTests : IAsyncDisposable
{
    private const string Owner = "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1";
    private const string Member = "d15ea5e0123456789abcdef012345678";
    private const string ImageId = "img-1";

    private readonly string _folder = Directory.CreateTempSubdirectory("isp-share-ends-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly MembersApi _api = new();
    private readonly ServiceProvider _services;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ShareEndWorkerTests()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(_folder, "portal.db")}"));
        services.AddSingleton<IImagesClient>(_api);
        services.AddSingleton<IServiceImagesCaller, OwnerProjectCaller>();
        services.AddScoped<BackgroundCaller>();
        services.AddScoped<ShareEndMessages>();
        services.AddScoped<ShareEnding>();
        services.AddScoped<ShareNotices>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<ProjectDirectory>();
        services.AddSingleton<ProjectContacts>();
        services.AddSingleton<LiveNotifier>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<ShareEndSignal>();
        services.Configure<EmailOptions>(_ => { });
        services.Configure<SharesOptions>(_ => { });
        services.AddSingleton<ShareEndWorker>();
        services.AddHybridCache();
        services.Configure<PortalOptions>(_ => { });
        services.AddSingleton<ImageSharePortal.Web.Features.Shared.MemberListCache>();
        _services = services.BuildServiceProvider();
        using var db = Store().CreateDbContext();
        db.Database.Migrate();
        db.ProjectContacts.Add(new ProjectContact { Id = Guid.NewGuid(), ProjectId = Member, Email = "erin@borealis.example" });
        db.ProjectContacts.Add(new ProjectContact { Id = Guid.NewGuid(), ProjectId = Owner, Email = "alice@orbital.example" });
        db.SaveChanges();
    }

    private IDbContextFactory<PortalDbContext> Store() => _services.GetRequiredService<IDbContextFactory<PortalDbContext>>();

    private ShareEndWorker Worker() => _services.GetRequiredService<ShareEndWorker>();

    private DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>The member exists in the Images API; the end date is set for it, as the producer's page does.</summary>
    private async Task ScheduleAsync(DateTimeOffset? endsAt)
    {
        var created = _api.Add(ImageId, Member, Now);
        await using var db = await Store().CreateDbContextAsync(Ct);
        var term = await ShareTerms.GetOrAddAsync(db, ImageId, "Debian 12", Owner, Member, Now, Ct);
        ShareTerms.Schedule(term, endsAt, created, "Alice", Now, new SharesOptions());
        await db.SaveChangesAsync(Ct);
    }

    private async Task<ShareTerm> TermAsync()
    {
        await using var db = await Store().CreateDbContextAsync(Ct);
        return await db.ShareTerms.AsNoTracking().SingleAsync(Ct);
    }

    private async Task<List<string>> MailSubjectsAsync(string to)
    {
        await using var db = await Store().CreateDbContextAsync(Ct);
        return await db.Outbox.AsNoTracking().Where(m => m.To == to).OrderBy(m => m.CreatedAt).Select(m => m.Subject).ToListAsync(Ct);
    }

    private async Task<List<(string Action, AuditOutcome Outcome)>> HistoryAsync()
    {
        await using var db = await Store().CreateDbContextAsync(Ct);
        return [.. (await db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync(Ct)).Select(e => (e.Action, e.Outcome))];
    }

    [Fact]
    public async Task At_the_end_the_member_is_removed_once_and_both_sides_are_mailed()
    {
        await ScheduleAsync(Now.AddDays(2));
        Assert.Equal(0, await Worker().RunDueAsync(Ct)); // the 1-day notice is a day off

        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));
        Assert.Equal(0, await Worker().RunDueAsync(Ct));
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(0, await Worker().RunDueAsync(Ct));

        Assert.Equal(1, _api.Removals);
        Assert.False(_api.Has(ImageId, Member));
        var term = await TermAsync();
        Assert.Equal(ShareEndState.Ended, term.EndState);
        Assert.Null(term.LeaseUntil);
        Assert.Single(await MailSubjectsAsync("erin@borealis.example"), s => s.StartsWith("Share ended", StringComparison.Ordinal));
        Assert.Single(await MailSubjectsAsync("alice@orbital.example"), s => s.StartsWith("Share ended", StringComparison.Ordinal));
        Assert.Equal([(AuditActions.ShareEnded, AuditOutcome.Succeeded)], await HistoryAsync());
    }

    [Fact]
    public async Task Notices_go_out_7_days_and_1_day_before_each_once()
    {
        await ScheduleAsync(Now.AddDays(10));
        _clock.Advance(TimeSpan.FromDays(3) - TimeSpan.FromMinutes(1));
        Assert.Equal(0, await Worker().RunDueAsync(Ct));
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));
        Assert.Equal(0, await Worker().RunDueAsync(Ct));
        Assert.Equal(["Share ends in 7 days: Debian 12 (img-1)"], await MailSubjectsAsync("erin@borealis.example"));
        Assert.Equal(Now.AddDays(6).AddMinutes(-1), (await TermAsync()).NextNoticeAt);

        _clock.Advance(TimeSpan.FromDays(6));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));
        Assert.Equal(["Share ends in 7 days: Debian 12 (img-1)", "Share ends in 1 day: Debian 12 (img-1)"], await MailSubjectsAsync("erin@borealis.example"));
        Assert.Equal(2, (await MailSubjectsAsync("alice@orbital.example")).Count);
        Assert.Null((await TermAsync()).NextNoticeAt);
        Assert.Equal(0, _api.Removals);
        Assert.True(_api.Has(ImageId, Member));
    }

    [Fact]
    public async Task An_extended_end_is_not_acted_on_at_the_old_time_and_a_cleared_one_never()
    {
        await ScheduleAsync(Now.AddDays(1));
        await ScheduleAsync(Now.AddDays(20)); // extended before the end
        _clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await Worker().RunDueAsync(Ct));
        Assert.True(_api.Has(ImageId, Member));

        await ScheduleAsync(null); // cleared
        _clock.Advance(TimeSpan.FromDays(60));
        Assert.Equal(0, await Worker().RunDueAsync(Ct));
        Assert.True(_api.Has(ImageId, Member));
        Assert.Equal(ShareEndState.None, (await TermAsync()).EndState);
        Assert.Equal(0, _api.Removals);
    }

    [Fact]
    public async Task A_claim_left_by_a_worker_that_stopped_is_taken_over_only_when_its_lease_runs_out()
    {
        await ScheduleAsync(Now.AddHours(2));
        _clock.Advance(TimeSpan.FromHours(3));
        // Another instance claimed the row and died before acting on it.
        await using (var db = await Store().CreateDbContextAsync(Ct))
        {
            await db.ShareTerms.ExecuteUpdateAsync(u => u.SetProperty(t => t.LeaseUntil, Now + ShareEndWorker.Lease), Ct);
        }

        Assert.Equal(0, await Worker().RunDueAsync(Ct)); // a restart does not act on a row another worker holds
        Assert.Equal(0, _api.Removals);
        _clock.Advance(ShareEndWorker.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));
        Assert.Equal(1, _api.Removals);
        Assert.Equal(ShareEndState.Ended, (await TermAsync()).EndState);
    }

    [Fact]
    public async Task A_member_already_removed_outside_the_portal_is_not_removed_again()
    {
        await ScheduleAsync(Now.AddHours(1));
        _api.Remove(ImageId, Member);
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));

        Assert.Equal(0, _api.Removals);
        Assert.Equal(ShareEndState.Skipped, (await TermAsync()).EndState);
        Assert.Equal([(AuditActions.ShareEndSkipped, AuditOutcome.Succeeded)], await HistoryAsync());
        Assert.DoesNotContain(await MailSubjectsAsync("erin@borealis.example"), s => s.StartsWith("Share ended", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_added_again_outside_the_portal_is_left_alone()
    {
        await ScheduleAsync(Now.AddHours(1));
        _api.Remove(ImageId, Member);
        _clock.Advance(TimeSpan.FromMinutes(10));
        _api.Add(ImageId, Member, Now); // a new share, created later
        _clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));

        Assert.True(_api.Has(ImageId, Member));
        Assert.Equal(0, _api.Removals);
        Assert.Equal(ShareEndState.Skipped, (await TermAsync()).EndState);
    }

    [Fact]
    public async Task A_failing_images_api_is_retried_with_backoff_and_the_failure_recorded_once()
    {
        await ScheduleAsync(Now.AddHours(1));
        _clock.Advance(TimeSpan.FromHours(2));
        _api.Down = true;
        Assert.Equal(1, await Worker().RunDueAsync(Ct));
        var term = await TermAsync();
        Assert.Equal(1, term.Attempts);
        Assert.Equal(Now + TimeSpan.FromMinutes(1), term.RetryAt);
        Assert.Equal(0, await Worker().RunDueAsync(Ct)); // not before the retry time

        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));
        Assert.Equal(Now + TimeSpan.FromMinutes(2), (await TermAsync()).RetryAt);

        _api.Down = false;
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, await Worker().RunDueAsync(Ct));
        Assert.Equal(ShareEndState.Ended, (await TermAsync()).EndState);
        Assert.Equal(1, _api.Removals);
        Assert.Equal([(AuditActions.ShareEnded, AuditOutcome.Failed), (AuditActions.ShareEnded, AuditOutcome.Succeeded)], await HistoryAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>The members calls of the Images API, in memory, with Glance's answers (404 for a member that is not there).</summary>
    private sealed class MembersApi : IImagesClient
    {
        private readonly ConcurrentDictionary<(string Image, string Member), DateTimeOffset> _members = new();
        private int _removals;

        public int Removals => _removals;

        public bool Down { get; set; }

        public DateTimeOffset Add(string image, string member, DateTimeOffset at) => _members[(image, member)] = at;

        public void Remove(string image, string member) => _members.TryRemove((image, member), out _);

        public bool Has(string image, string member) => _members.ContainsKey((image, member));

        public Task<ImagesResult<GlanceMember>> GetMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default) =>
            Task.FromResult(Down ? ImagesError.Unavailable
                : _members.TryGetValue((imageId, memberId), out var at)
                    ? ImagesResult<GlanceMember>.Success(new GlanceMember { ImageId = imageId, MemberId = memberId, Status = MemberStatuses.Pending, CreatedAt = at })
                    : new ImagesError(ImagesErrorKind.NotFound, $"{memberId} not found in the member list of the image {imageId}."));

        public Task<ImagesResult<bool>> RemoveMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default)
        {
            if (Down)
            {
                return Task.FromResult<ImagesResult<bool>>(ImagesError.Unavailable);
            }

            if (!_members.TryRemove((imageId, memberId), out _))
            {
                return Task.FromResult<ImagesResult<bool>>(new ImagesError(ImagesErrorKind.NotFound, "not found"));
            }

            Interlocked.Increment(ref _removals);
            return Task.FromResult(ImagesResult<bool>.Success(true));
        }

        public Task<ImagesResult<ImagePage>> ListImagesAsync(ImageListQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<IReadOnlyList<GlanceImage>>> ListAllImagesAsync(ImageListQuery query, int maxPages = 20, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<GlanceImage>> GetImageAsync(string imageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<GlanceImage>> CreateImageAsync(CreateImageRequest image, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<GlanceImage>> UpdateImageAsync(string imageId, IReadOnlyList<JsonPatchOperation> operations, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<GlanceImage>> SetVisibilityAsync(string imageId, string visibility, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<bool>> DeleteImageAsync(string imageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<IReadOnlyList<GlanceMember>>> ListMembersAsync(string imageId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<GlanceMember>> AddMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<GlanceMember>> UpdateMemberStatusAsync(string imageId, string memberId, string status, CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<JsonElement>> GetMemberSchemaAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
        public Task<ImagesResult<JsonElement>> GetMembersSchemaAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
