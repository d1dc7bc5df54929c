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
    };
}
