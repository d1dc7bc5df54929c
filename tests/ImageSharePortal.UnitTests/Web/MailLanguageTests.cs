using System.Globalization;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Store;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>A mail speaks its reader's language: the address's last sign-in, else its last request form, else English.</summary>
public sealed class MailLanguageTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _folder = Directory.CreateTempSubdirectory("isp-mail-language-").FullName;

    [Fact]
    public async Task The_readers_sign_in_language_wins_then_the_request_forms_then_english()
    {
        await using var db = new PortalDbContext(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "portal.db")}").Options);
        await db.Database.MigrateAsync(Ct);
        var listing = new Listing { Id = Guid.NewGuid(), ImageId = "img", OwnerProjectId = "p1", OwnerProjectName = "p1", Title = "T", PublishedByUserId = "u" };
        db.Listings.Add(listing);
        db.ProjectContacts.Add(new ProjectContact { Id = Guid.NewGuid(), ProjectId = "p2", Email = "Greta@Example.org", Language = "de", LastSeenAt = DateTimeOffset.UnixEpoch });
        db.ProjectContacts.Add(new ProjectContact { Id = Guid.NewGuid(), ProjectId = "p3", Email = "old@example.org", Language = null, LastSeenAt = DateTimeOffset.UnixEpoch });
        db.AccessRequests.Add(new AccessRequest
        {
            Id = Guid.NewGuid(), ListingId = listing.Id, ImageId = "img", ImageName = "img", OwnerProjectId = "p1", RequesterProjectId = "p3",
            RequesterEmail = "old@example.org", Language = "de", CreatedAt = DateTimeOffset.UnixEpoch,
        });
        await db.SaveChangesAsync(Ct);

        Assert.Equal("de", await MailLanguage.ForAsync(db, " greta@example.org ", Ct)); // any case, trimmed
        Assert.Equal("de", await MailLanguage.ForAsync(db, "old@example.org", Ct)); // no sign-in language: the request form's
        Assert.Equal("en", await MailLanguage.ForAsync(db, "stranger@example.org", Ct));
        Assert.Equal("en", await MailLanguage.ForAsync(db, null, Ct));
    }

    [Fact]
    public void A_mail_composed_for_a_german_reader_is_german_and_the_senders_culture_comes_back()
    {
        var before = CultureInfo.CurrentUICulture;
        var request = new AccessRequest
        {
            Id = Guid.NewGuid(), ImageId = "img-1", ImageName = "Debian 12", OwnerProjectId = "p1", RequesterProjectId = "p2",
            RequesterEmail = "greta@example.org", CreatedAt = new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero),
        };

        var german = MailLanguage.Compose("de", () => EmailTemplates.RequestDeclined(request, "orbital-images", "http://portal.example"));
        var english = MailLanguage.Compose("en", () => EmailTemplates.RequestDeclined(request, "orbital-images", "http://portal.example"));

        Assert.StartsWith("Zugriffsanfrage abgelehnt", german.Subject, StringComparison.Ordinal);
        Assert.DoesNotContain("Zugriffsanfrage", english.Subject, StringComparison.Ordinal);
        Assert.Equal(before, CultureInfo.CurrentUICulture);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
