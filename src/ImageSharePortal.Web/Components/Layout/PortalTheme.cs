using MudBlazor;

namespace ImageSharePortal.Web.Components.Layout;

public static class PortalTheme
{
    // Colours chosen for WCAG AA contrast on white and on the app bar.
    public static MudTheme Theme { get; } = new()
    {
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
}
