using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;

namespace ImageSharePortal.Web.Localization;

/// <summary>
/// A sentence from the resources whose <c>{0}</c>, <c>{1}</c>… are markup (a link, a strong or code part), so a
/// translation can put them where its grammar wants. The sentence and every text are HTML-encoded.
/// </summary>
public static class Phrase
{
    public static MarkupString Format(string sentence, params MarkupString[] parts) =>
        new(string.Format(CultureInfo.CurrentCulture, HtmlEncoder.Default.Encode(sentence), [.. parts.Select(p => (object)p.Value)]));

    public static MarkupString Link(string href, string text) => new($"<a href=\"{HtmlEncoder.Default.Encode(href)}\">{HtmlEncoder.Default.Encode(text)}</a>");

    public static MarkupString Strong(string? text) => new($"<strong>{HtmlEncoder.Default.Encode(text ?? "")}</strong>");

    public static MarkupString Code(string? text) => new($"<code>{HtmlEncoder.Default.Encode(text ?? "")}</code>");

    public static MarkupString Text(string? text) => new(HtmlEncoder.Default.Encode(text ?? ""));
}
