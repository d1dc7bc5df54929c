namespace ImageSharePortal.Web.Localization;

/// <summary>
/// The portal's words: <c>Strings.resx</c> (English, the default) and <c>Strings.de.resx</c> (German), read through
/// <c>IStringLocalizer&lt;Strings&gt;</c> (<c>L["Key"]</c> in components). Both files have the same keys
/// (<c>LocalizationResourceTests</c>).
/// </summary>
public sealed class Strings;
