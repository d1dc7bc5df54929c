namespace ImageSharePortal.Web.Localization;

/// <summary>
/// The portal's words, read through <c>IStringLocalizer&lt;Strings&gt;</c> (<c>L["Key"]</c> in components), which is
/// <see cref="PortalStrings"/>. They live in <c>Localization/Texts/</c>, one file per area (<c>Requests.resx</c>,
/// <c>Inbox.resx</c>…; English, the default) with its German twin (<c>Requests.de.resx</c>). A key starts with the page or
/// feature that shows it and is in one file only; both languages have the same keys (<c>LocalizationResourceTests</c>).
/// </summary>
public sealed class Strings;
