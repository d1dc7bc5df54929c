using ImageSharePortal.Web.Components.Layout;

namespace ImageSharePortal.UnitTests.Web.Layout;

public sealed class ThemeStylesheetTests
{
    private static string ThemeFile([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../../wwwroot/css/theme.css"));

    [Fact]
    public void The_served_theme_stylesheet_is_what_the_portal_theme_generates()
    {
        var generated = ThemeStylesheet.Build();
        if (Environment.GetEnvironmentVariable("ISP_WRITE_THEME") == "1")
        {
            File.WriteAllText(ThemeFile(), generated);
        }

        Assert.True(File.Exists(ThemeFile()), $"{ThemeFile()} is missing: run ISP_WRITE_THEME=1 dotnet test --project tests/ImageSharePortal.UnitTests");
        Assert.True(generated == File.ReadAllText(ThemeFile()),
            "wwwroot/css/theme.css no longer matches PortalTheme: run ISP_WRITE_THEME=1 dotnet test --project tests/ImageSharePortal.UnitTests and commit the file.");
    }

    [Fact]
    public void The_stylesheet_carries_the_portal_palette_and_not_mudblazor_defaults()
    {
        var css = ThemeStylesheet.Build();
        Assert.Contains("--mud-palette-primary: rgba(28,79,156,1)", css, StringComparison.Ordinal); // #1c4f9c
        Assert.Contains("--mud-palette-appbar-background: rgba(22,50,92,1)", css, StringComparison.Ordinal); // #16325c
        Assert.Contains("::-webkit-scrollbar", css, StringComparison.Ordinal);
    }
}
