using System.Text.RegularExpressions;
using ImageSharePortal.Web.Features.Requests;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>
/// The request form's sentences through the resources: in English the same words as without a localizer, in German
/// German; and every key the inbox and request services ask for in C# exists (the razor keys are checked by
/// <see cref="LocalizationResourceTests"/>).
/// </summary>
public sealed partial class RequestsLocalizationTests
{
    private static readonly string[] Folders = ["Features/Inbox", "Features/Requests"];

    private static readonly IStringLocalizer<Strings> Localizer =
        PortalStrings.Instance;

    public static TheoryData<string?, string?, string?> BadInputs => new()
    {
        { null, null, null },
        { "   ", "  ", "<script>alert(1)</script>" },
        { "\"\"", "dave", "bell\u0007" },
        { "abc def", "dave@atlas.example\r\nBcc: all@example.org", new string('x', 1001) },
        { "consumer", new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org", "hidden\u202Etext" },
        { new string('c', 70), "Dave <dave@atlas.example>", "see </textarea>" },
        { "a-project-name-that-is-much-longer-than-forty-chars", "d@a.org", "" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void English_says_the_same_words_as_without_a_localizer(string? projectId, string? email, string? message)
    {
        var plain = AccessRequestValidation.Validate(projectId, email, message);
        var localized = InCulture("en", () => AccessRequestValidation.Validate(projectId, email, message, null, Localizer));

        Assert.NotEmpty(plain.Errors);
        Assert.Equal(plain.Errors.OrderBy(e => e.Key), localized.Errors.OrderBy(e => e.Key));
        Assert.Equal(
            AccessRequestValidation.ValidateText(new string('r', 1001), 1000, "reason").Error,
            InCulture("en", () => AccessRequestValidation.ValidateText(new string('r', 1001), 1000, "reason", Localizer).Error));
    }

    [Fact]
    public void German_refusals_are_german()
    {
        var input = InCulture("de", () => AccessRequestValidation.Validate("", "dave", "<b>hi</b>", null, Localizer));

        Assert.StartsWith("Geben Sie Ihre Projekt-ID ein: 32 Hexadezimalziffern", input.ErrorFor(AccessRequestValidation.ProjectIdField), StringComparison.Ordinal);
        Assert.Equal("Das ist keine E-Mail-Adresse. Schreiben Sie sie in der Form name@example.org.", input.ErrorFor(AccessRequestValidation.EmailField));
        Assert.Equal("Die Nachricht darf keine HTML-Tags wie <script> enthalten. Schreiben Sie einfachen Text.", input.ErrorFor(AccessRequestValidation.MessageField));
        Assert.Equal("'consumer' ist keine Projekt-ID: In dieser Cloud besteht eine Projekt-ID aus 32 Hexadezimalziffern. Ein Projektname funktioniert hier nicht; 'openstack project show <name> -f value -c id' gibt die ID aus.",
            InCulture("de", () => AccessRequestValidation.ValidateProjectId("consumer", null, Localizer).Error));
        Assert.Equal("Die Begründung hat höchstens 500 Zeichen; sie hat 501.",
            InCulture("de", () => AccessRequestValidation.ValidateText(new string('r', 501), 500, "reason", Localizer).Error));
    }

    [Fact]
    public void Every_key_the_inbox_and_request_code_asks_for_is_in_the_resources()
    {
        var web = PortalTexts.WebProject;
        var english = PortalTexts.All(null);
        var asked = Folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(web, folder), "*.cs"))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.True(asked.Count > 30, $"only {asked.Count} keys found");
        Assert.DoesNotContain(asked, k => !english.ContainsKey(k));
    }

    private static string Here([System.Runtime.CompilerServices.CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;

    private static T InCulture<T>(string culture, Func<T> run) => PortalCultures.Run(culture, run);

    // localizer["Key"…], L["Key"…] and the validation's Say(…, "Key"…).
    [GeneratedRegex("""(?:\b(?:localizer|L)\[|, )"((?:Inbox|Requests|MyRequests)\.[A-Za-z]+)"[,\]\)]""")]
    private static partial Regex Key();
}
