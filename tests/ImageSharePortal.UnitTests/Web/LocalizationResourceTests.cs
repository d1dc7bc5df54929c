using System.Globalization;
using System.Text.RegularExpressions;
using ImageSharePortal.Web.Localization;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>English and German have the same keys, none empty, and every key a component asks for exists.</summary>
public sealed partial class LocalizationResourceTests
{
    [Fact]
    public void Every_key_exists_in_english_and_german_and_none_is_empty()
    {
        var english = PortalTexts.All(null);
        var german = PortalTexts.All("de");

        Assert.True(english.Count > 700, $"only {english.Count} English texts");
        Assert.Equal(english.Keys.Order(), german.Keys.Order());
        Assert.DoesNotContain(english, e => string.IsNullOrWhiteSpace(e.Value));
        Assert.DoesNotContain(german, e => string.IsNullOrWhiteSpace(e.Value));
        // A placeholder in one language is in the other.
        Assert.All(english, e => Assert.Equal(Placeholders(e.Value), Placeholders(german[e.Key])));
    }

    [Fact]
    public void Each_area_file_has_a_german_twin_with_its_keys_sorted_one_per_line_and_under_300_lines()
    {
        var english = PortalTexts.Files(null);
        Assert.True(english.Count > 1, "the texts are split by area");
        foreach (var file in english)
        {
            var twin = file[..^".resx".Length] + ".de.resx";
            Assert.True(File.Exists(twin), $"{Path.GetFileName(file)} has no German twin");
            Assert.Equal(PortalTexts.Read(file).Keys.Order(StringComparer.Ordinal), PortalTexts.Read(twin).Keys.Order(StringComparer.Ordinal));
            foreach (var path in new[] { file, twin })
            {
                var lines = File.ReadAllLines(path);
                var keys = lines.Where(l => l.StartsWith("  <data ", StringComparison.Ordinal)).Select(l => l.Split('"')[1]).ToList();
                Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
                Assert.Equal(PortalTexts.Read(path).Count, keys.Count); // one entry per line
                Assert.True(lines.Length <= 300, $"{Path.GetFileName(path)} has {lines.Length} lines");
            }
        }

        Assert.Equal(english.Count, PortalTexts.Files("de").Count);
    }

    [Fact]
    public void The_localizer_reads_every_key_from_its_own_file_in_both_languages()
    {
        var english = PortalTexts.All(null);
        var german = PortalTexts.All("de");
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), PortalStrings.Instance.Keys.Select(k => k.Key).Order(StringComparer.Ordinal));
        Assert.All(english, e => Assert.Equal(e.Value, PortalStrings.Instance.Find(e.Key, CultureInfo.InvariantCulture)));
        Assert.All(german, e => Assert.Equal(e.Value, PortalStrings.Instance.Find(e.Key, new CultureInfo("de"))));
        Assert.Null(PortalStrings.Instance.Find("No.Such.Key", CultureInfo.InvariantCulture));
        Assert.True(PortalStrings.Instance["No.Such.Key"].ResourceNotFound);
        Assert.Equal("No.Such.Key", PortalStrings.Instance["No.Such.Key"].Value);
    }

    [Fact]
    public void Every_key_a_component_asks_for_is_in_the_resources()
    {
        var english = PortalTexts.All(null);
        var asked = Directory.EnumerateFiles(PortalTexts.WebProject, "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(asked);
        Assert.DoesNotContain(asked, k => !english.ContainsKey(k));
    }

    [Fact]
    public void The_german_satellite_answers_in_german_and_english_is_the_default()
    {
        var localizer = PortalStrings.Instance;
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(PortalCultures.Match("de-AT")!); // a region tag falls under its language
            Assert.Equal("Image-Katalog", localizer["Catalogue.Title"].Value);
            CultureInfo.CurrentUICulture = new CultureInfo("fr");
            Assert.Equal("Image catalogue", localizer["Catalogue.Title"].Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public void MudBlazors_own_labels_are_german_in_german_and_its_own_english_otherwise()
    {
        var mud = new PortalMudLocalizer();
        Assert.Equal("Tabs nach links scrollen", PortalCultures.Run("de", () => mud["MudTabs_ScrollLeft"].Value));
        Assert.Equal("Verringern", PortalCultures.Run("de", () => mud["MudInput_Decrement"].Value));
        Assert.True(PortalCultures.Run("de", () => mud["MudSomething_Unknown"].ResourceNotFound)); // MudBlazor's English then
        Assert.True(PortalCultures.Run("en", () => mud["MudTabs_ScrollLeft"].ResourceNotFound)); // English is MudBlazor's own
    }

    [Theory]
    [InlineData(null, "de-DE,de;q=0.9,en;q=0.5", "de")]
    [InlineData(null, "fr-FR, en-GB;q=0.8", "en")]
    [InlineData(null, "fr-FR", "en")]
    [InlineData("c=en|uic=en", "de", "en")]
    [InlineData("c=de|uic=de", "en-US", "de")]
    [InlineData("c=xx|uic=xx", "de", "de")]
    public void A_request_speaks_the_chosen_language_else_the_browsers_else_english(string? cookie, string acceptLanguage, string expected)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Headers.AcceptLanguage = acceptLanguage;
        if (cookie is not null)
        {
            http.Request.Headers.Cookie = $"{PortalCultures.CookieName}={Uri.EscapeDataString(cookie)}";
        }

        Assert.Equal(expected, PortalCultures.Resolve(http.Request));
    }

    private static string Placeholders(string text) => string.Join(',', PlaceholderPattern().Matches(text).Select(m => m.Value).Order());

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\bL\[""([A-Za-z0-9.]+)""")]
    private static partial Regex Key();
}
