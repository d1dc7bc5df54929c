using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>English and German have the same keys, none empty, and every key a component asks for exists.</summary>
public sealed partial class LocalizationResourceTests
{
    private static readonly string Folder = WebProject();

    private static string WebProject([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../src/ImageSharePortal.Web"));

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(Path.Combine(Folder, "Localization", file)).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [Fact]
    public void Every_key_exists_in_english_and_german_and_none_is_empty()
    {
        var english = Read("Strings.resx");
        var german = Read("Strings.de.resx");

        Assert.Equal(english.Keys.Order(), german.Keys.Order());
        Assert.DoesNotContain(english, e => string.IsNullOrWhiteSpace(e.Value));
        Assert.DoesNotContain(german, e => string.IsNullOrWhiteSpace(e.Value));
        // A placeholder in one language is in the other.
        Assert.All(english, e => Assert.Equal(Placeholders(e.Value), Placeholders(german[e.Key])));
    }

    [Fact]
    public void Every_key_a_component_asks_for_is_in_the_resources()
    {
        var english = Read("Strings.resx");
        var asked = Directory.EnumerateFiles(Folder, "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => Key().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();

        Assert.NotEmpty(asked);
        Assert.DoesNotContain(asked, k => !english.ContainsKey(k));
    }

    [Fact]
    public void The_german_satellite_answers_in_german_and_english_is_the_default()
    {
        var factory = new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);
        var localizer = new StringLocalizer<Strings>(factory);
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
