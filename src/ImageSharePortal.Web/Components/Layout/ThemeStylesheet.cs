using System.Text;
using MudBlazor;

namespace ImageSharePortal.Web.Components.Layout;

/// <summary>
/// The portal theme's CSS (MudBlazor's palette variables and scrollbar), as <c>MudThemeProvider</c> would write it into
/// every page. It is served instead as the static asset <c>wwwroot/css/theme.css</c>: fingerprinted, compressed, cached
/// for a year, and never generated per render or held per circuit. <c>ThemeStylesheetTests</c> fails when the file no longer
/// matches <see cref="PortalTheme"/>, and rewrites it when run with <c>ISP_WRITE_THEME=1</c>.
/// </summary>
public sealed partial class ThemeStylesheet : MudThemeProvider
{
    public static string Build()
    {
#pragma warning disable BL0005, MUD0012 // Set outside a render tree on purpose: these instances are never rendered, only asked for their CSS.
        var provider = new ThemeStylesheet { Theme = PortalTheme.Theme };
        var dark = new ThemeStylesheet { Theme = PortalTheme.Theme, IsDarkMode = true };
#pragma warning restore BL0005, MUD0012
        var css = new StringBuilder();
        css.AppendLine("/* Generated from PortalTheme by ThemeStylesheet (ISP_WRITE_THEME=1 dotnet test --project tests/ImageSharePortal.UnitTests). Do not edit. */");
        css.AppendLine(BuildMudBlazorScrollbar());
        css.Append(provider.BuildTheme());
        css.AppendLine();
        css.AppendLine(":root { color-scheme: light; }");
        // Dark when the page says data-theme=dark: js/theme.js sets it before the first paint from the person's choice,
        // or else from the system's preference (prefers-color-scheme).
        var palette = string.Join("\n", StyleTag().Replace(dark.BuildTheme(), "").Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("--mud-palette-", StringComparison.Ordinal)));
        css.AppendLine(":root[data-theme=dark] {\ncolor-scheme: dark;\n" + palette + "\n}");
        return StyleTag().Replace(css.ToString(), "").ReplaceLineEndings("\n").Trim() + "\n";
    }

    [System.Text.RegularExpressions.GeneratedRegex("</?style[^>]*>")]
    private static partial System.Text.RegularExpressions.Regex StyleTag();
}
