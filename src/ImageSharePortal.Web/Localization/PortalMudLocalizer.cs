using System.Globalization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ImageSharePortal.Web.Localization;

/// <summary>
/// MudBlazor's own words (the labels of its close, scroll and step buttons) in the portal's language: keys
/// <c>Mud.&lt;MudBlazor key&gt;</c> in <c>Texts/Shared*.resx</c>. English is MudBlazor's own, so this answers only for the
/// other languages; a key the portal has no text for falls back to MudBlazor's English.
/// </summary>
public sealed class PortalMudLocalizer : MudLocalizer
{
    public override LocalizedString this[string key] => Translate(key, null);

    public override LocalizedString this[string key, params object[] arguments] => Translate(key, arguments);

    private static LocalizedString Translate(string key, object[]? arguments)
    {
        var text = PortalCultures.Current == PortalCultures.Default ? null : PortalStrings.Instance.Find("Mud." + key, CultureInfo.CurrentUICulture);
        return text is null
            ? new LocalizedString(key, key, resourceNotFound: true)
            : new LocalizedString(key, arguments is { Length: > 0 } ? string.Format(CultureInfo.CurrentCulture, text, arguments) : text);
    }
}
