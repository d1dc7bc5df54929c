using MudBlazor;

namespace ImageSharePortal.Web.Components.Layout;

public static class PortalTheme
{
    /// <summary>The system's own interface font: nothing to download, and every page (static or live) uses it.</summary>
    public static readonly string[] SystemFonts = ["system-ui", "-apple-system", "Segoe UI", "Helvetica Neue", "Arial", "sans-serif"];

    // Colours chosen for WCAG AA contrast on white and on the app bar.
    public static MudTheme Theme { get; } = new()
    {
        Typography = SystemTypography(),

        PaletteLight = new PaletteLight
        {
            Primary = "#1c4f9c",
            Secondary = "#6a3d9a",
            AppbarBackground = "#16325c",
            AppbarText = "#ffffff",
            Success = "#1b6e20",
            Warning = "#8a5300",
            Error = "#b3261e",
            Info = "#0b5c8a",
        },

        // The same hues, lightened for a dark background (AA against #121417 and #1c1f24).
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",
            PrimaryContrastText = "#0b1d3a",
            Secondary = "#c8a2f0",
            SecondaryContrastText = "#1f0b36",
            AppbarBackground = "#0f1f3a",
            AppbarText = "#ffffff",
            Background = "#121417",
            Surface = "#1c1f24",
            DrawerBackground = "#1c1f24",
            TextPrimary = "#e8eaed",
            TextSecondary = "#b8bcc2",
            LinesDefault = "#4a4f55",
            TableLines = "#4a4f55",
            Divider = "#4a4f55",
            ActionDefault = "#c4c7c5",
            Success = "#81c995",
            SuccessContrastText = "#0b2611",
            Warning = "#fdd663",
            WarningContrastText = "#2e2200",
            Error = "#f28b82",
            ErrorContrastText = "#3b0a06",
            Info = "#8ab4f8",
            InfoContrastText = "#0b1d3a",
        },
    };

    /// <summary>MudBlazor's sizes in the system font; buttons in sentence case like every other label.</summary>
    private static Typography SystemTypography()
    {
        var typography = new Typography();
        BaseTypography[] all =
        [
            typography.Default, typography.H1, typography.H2, typography.H3, typography.H4, typography.H5, typography.H6,
            typography.Subtitle1, typography.Subtitle2, typography.Body1, typography.Body2, typography.Button, typography.Caption, typography.Overline,
        ];
        foreach (var typo in all)
        {
            typo.FontFamily = SystemFonts;
        }

        typography.Button.TextTransform = "none";
        return typography;
    }
}
