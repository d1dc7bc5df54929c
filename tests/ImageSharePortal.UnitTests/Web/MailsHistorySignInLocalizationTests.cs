using System.Text.RegularExpressions;
using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Features.Account;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Localization;
using ImageSharePortal.Web.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>
/// The words that C# code asks the resources for (history actions and outcomes, sign-in errors, the error pages'
/// servers, the mails): every key exists, English is the text it replaced, and German is German.
/// </summary>
public sealed partial class MailsHistorySignInLocalizationTests
{
    private static readonly IStringLocalizer<Strings> Words = PortalStrings.Instance;

    private static T In<T>(string culture, Func<T> read) => PortalCultures.Run(culture, read);

    public static TheoryData<string> Actions => [.. AuditActions.All];

    [Theory]
    [MemberData(nameof(Actions))]
    public void Each_history_action_is_described_as_before_in_english_and_in_german(string action)
    {
        Assert.Equal(AuditActions.Describe(action), In("en", () => HistoryText.Action(Words, action)));
        var german = In("de", () => HistoryText.Action(Words, action));
        Assert.NotEqual(AuditActions.Describe(action), german);
        Assert.DoesNotContain("History.", german, StringComparison.Ordinal);
    }

    [Fact]
    public void Outcomes_are_their_values_in_english_and_words_in_german()
    {
        Assert.All(Enum.GetValues<AuditOutcome>(), o => Assert.Equal(o.ToString().ToLowerInvariant(), In("en", () => HistoryText.Outcome(Words, o))));
        Assert.Equal(["erfolgreich", "abgewiesen", "fehlgeschlagen"], Enum.GetValues<AuditOutcome>().Select(o => In("de", () => HistoryText.Outcome(Words, o))));
    }

    public static TheoryData<string> SignInCodes =>
    [
        .. typeof(SignInErrors).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!), "something-else",
    ];

    [Theory]
    [MemberData(nameof(SignInCodes))]
    public void Each_sign_in_error_says_what_it_said_in_english_and_has_german(string code)
    {
        Assert.Equal(SignInErrors.Message(code), In("en", () => SignInMessages.Message(Words, code)));
        var german = In("de", () => SignInMessages.Message(Words, code));
        Assert.NotEqual(SignInErrors.Message(code), german);
        Assert.DoesNotContain("Account.", german, StringComparison.Ordinal);
    }

    [Fact]
    public void The_error_pages_name_the_server_that_does_not_answer_in_german()
    {
        Exception[] failures = [new SessionStoreUnavailableException(new InvalidOperationException("x")), new StackExchange.Redis.RedisException("x"), new TimeoutException()];
        foreach (var failure in failures)
        {
            var english = PortalErrors.Unavailable(failure)!;
            Assert.Equal(english, In("en", () => ErrorText.Unavailable(Words, failure)));
            Assert.EndsWith("antwortet nicht.", In("de", () => ErrorText.Unavailable(Words, failure)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void History_filters_that_cannot_be_read_are_said_in_the_pages_language()
    {
        var english = In("en", () => HistoryQuery.Parse(Words, null, null, "nope", "maybe", "2027-02-01", "2027-01-01", "0"));
        Assert.Equal(
            ["The action filter was ignored: choose one from the list.", "The outcome filter was ignored: choose succeeded, refused or failed.",
             "The page number was not a page: showing the first page.", "The \"from\" date is after the \"to\" date: both were ignored."],
            english.Problems);
        var german = In("de", () => HistoryQuery.Parse(Words, null, null, null, null, "31.01.2027", null, null));
        Assert.Equal(["Das „Von“-Datum wurde ignoriert: Schreiben Sie es als 2027-01-31."], german.Problems);
    }

    private static AccessRequest Request() => new()
    {
        Id = Guid.NewGuid(),
        ImageId = "img-1",
        ImageName = "Debian 12",
        OwnerProjectId = "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1",
        RequesterProjectId = "c0ffee11223344556677889900aabbcc",
        RequesterEmail = "dave@atlas.example",
        Message = "Please",
        CreatedAt = DateTimeOffset.UnixEpoch,
        DeclineReason = "Licence",
    };

    [Fact]
    public void A_mail_composed_in_german_is_german_in_its_subject_and_both_parts()
    {
        var share = new ShareFacts("img-1", "Debian 12", new ProjectLabel("3f1c", "orbital-images"), new ProjectLabel("c0ffee", "atlas-analytics"), SharedBy: "Alice")
        {
            EndsAt = DateTimeOffset.UnixEpoch,
        };
        var mails = In("de", () => new[]
        {
            EmailTemplates.SharedWithYou("dave@atlas.example", share, "http://p"),
            EmailTemplates.ShareRemoved("dave@atlas.example", share, "http://p", Words),
            EmailTemplates.RequestReceived(Request(), "alice@orbital.example", "Debian", "http://p"),
            EmailTemplates.RequestDeclined(Request(), "orbital-images", "http://p"),
            EmailTemplates.MemberDecided("alice@orbital.example", "img-1", "Debian 12", "c0ffee", "atlas-analytics", "accepted", "http://p"),
            EmailTemplates.MemberDecided("alice@orbital.example", "img-1", "Debian 12", "c0ffee", "atlas-analytics", "rejected", "http://p"),
        });

        Assert.Equal(
            ["Image mit Ihnen geteilt: Debian 12 (img-1)", "Image nicht mehr mit Ihnen geteilt: Debian 12 (img-1)", "Zugriffsanfrage für Debian vom Projekt c0ffee11223344556677889900aabbcc",
             "Zugriffsanfrage abgelehnt: Debian 12", "atlas-analytics hat Debian 12 angenommen", "atlas-analytics hat Debian 12 abgelehnt"],
            mails.Select(m => m.Subject));
        var shared = mails[0];
        foreach (var part in new[] { shared.Text, shared.Html })
        {
            Assert.Contains("hat das Image „Debian 12“ mit Ihrem Projekt", part, StringComparison.Ordinal);
            Assert.Contains("Image-ID", part, StringComparison.Ordinal);
            Assert.Contains("openstack image set --accept img-1", part, StringComparison.Ordinal);
        }

        // The inbox link is a link in the HTML part of the German sentence too.
        Assert.Contains("<a href=\"http://p/inbox\">http://p/inbox</a>", shared.Html, StringComparison.Ordinal);
        Assert.Contains("c0ffee11223344556677889900aabbcc (von einem Besucher eingegeben: bitte prüfen)", mails[2].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(mails, m => m.Text.Contains("Mail.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_mail_composed_in_english_reads_as_before()
    {
        var mail = In("en", () => EmailTemplates.MemberDecided("alice@orbital.example", "img-1", "Debian", "c0ffee", "atlas-analytics", "rejected", "http://p", Words));

        Assert.Equal("atlas-analytics rejected Debian", mail.Subject);
        Assert.Equal(
            "Project atlas-analytics (c0ffee) rejected your image \"Debian\" in the portal.\n\nImage ID: img-1\nMember: c0ffee\nStatus: rejected\n\n" +
            "Members of the image: http://p/images/img-1\n\n-- \nImageSharePortal\n",
            mail.Text);
    }

    [Fact]
    public void Every_key_the_csharp_code_asks_for_is_in_the_resources()
    {
        var english = PortalTexts.All(null);
        var asked = Directory.EnumerateFiles(PortalTexts.WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => CodeKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.Contains("Mail.Shared.Subject", asked);
        Assert.Contains("Notices.SharedByProject", asked);
        Assert.DoesNotContain(asked, k => !english.ContainsKey(k));
    }

    private static string Here([System.Runtime.CompilerServices.CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;

    /// <summary><c>l["Key"</c>, <c>localizer["Key"</c>, <c>words["Key"</c>, and keys a notice names (<c>Key = … "Notices.X"</c>).</summary>
    [GeneratedRegex(@"(?:\b(?:l|localizer|words|L)\[|\?\s|:\s)""((?:Account|Dashboard|Dev|Errors|History|Mail|Notices)\.[A-Za-z0-9.]+)""")]
    private static partial Regex CodeKey();
}
