using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>Dates, sizes and counts follow the language of the request: German months and separators, English as before.</summary>
public sealed class FormatCultureTests
{
    private static readonly DateTimeOffset When = new(2026, 12, 3, 16, 41, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("en", "3 Dec 2026", "3 Dec 2026 16:41 UTC", "1.5 GB", "12,345", "unknown")]
    [InlineData("de", "3. Dez. 2026", "3. Dez. 2026, 16:41 UTC", "1,5 GB", "12.345", "unbekannt")]
    public void Dates_sizes_and_counts_are_written_as_the_language_writes_them(string language, string date, string dateTime, string size, string count, string unknown)
    {
        var written = PortalCultures.Run(language, () => (Format.Date(When), Format.DateTime(When), Format.Size(1536L * 1024 * 1024), Format.Count(12345), Format.Date(null)));

        Assert.Equal((date, dateTime, size, count, unknown), written);
    }

    [Fact]
    public void The_request_localization_hands_out_the_german_culture_with_its_format_data()
    {
        using var services = new ServiceCollection().AddPortalLocalization().BuildServiceProvider();
        var options = services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value;

        var german = Assert.Single(options.SupportedCultures!, c => c.Name == "de");
        Assert.Equal("Dez.", german.DateTimeFormat.AbbreviatedMonthNames[11]);
        Assert.Equal(",", german.NumberFormat.NumberDecimalSeparator);
        Assert.Contains(options.SupportedUICultures!, c => c.Name == "de");
    }
}
