using System.Net;
using System.Text;

namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>Builds the text and HTML parts side by side.</summary>
internal sealed class Letter
{
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _html = new();
    private bool _inFacts;

    public Letter Para(string text, string? link = null)
    {
        CloseFacts();
        _text.Append(text).Append("\n\n");
        var encoded = WebUtility.HtmlEncode(text);
        if (link is not null)
        {
            var encodedLink = WebUtility.HtmlEncode(link);
            encoded = encoded.Replace(encodedLink, $"<a href=\"{encodedLink}\">{encodedLink}</a>", StringComparison.Ordinal);
        }

        _html.Append("<p>").Append(encoded).Append("</p>\n");
        return this;
    }

    public Letter Fact(string name, string value)
    {
        if (!_inFacts)
        {
            _html.Append("<table role=\"presentation\" cellpadding=\"4\">\n");
            _inFacts = true;
        }

        _text.Append(name).Append(": ").Append(value).Append('\n');
        _html.Append("<tr><th align=\"left\">").Append(WebUtility.HtmlEncode(name)).Append("</th><td>")
            .Append(WebUtility.HtmlEncode(value)).Append("</td></tr>\n");
        return this;
    }

    public Letter Code(string line)
    {
        CloseFacts();
        _text.Append("    ").Append(line).Append("\n\n");
        _html.Append("<pre><code>").Append(WebUtility.HtmlEncode(line)).Append("</code></pre>\n");
        return this;
    }

    public Letter Quote(string text)
    {
        CloseFacts();
        foreach (var line in text.Split('\n'))
        {
            _text.Append("> ").Append(line.TrimEnd('\r')).Append('\n');
        }

        _text.Append('\n');
        _html.Append("<blockquote style=\"white-space: pre-wrap\">").Append(WebUtility.HtmlEncode(text)).Append("</blockquote>\n");
        return this;
    }

    public EmailContent Build(string kind, string to, string subject)
    {
        CloseFacts();
        _text.Append("-- \nImageSharePortal\n");
        var html = $"<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif\">\n{_html}<p style=\"color:#4a5560\">ImageSharePortal</p>\n</body></html>\n";
        return new EmailContent(kind, to, subject, _text.ToString(), html);
    }

    private void CloseFacts()
    {
        if (_inFacts)
        {
            _html.Append("</table>\n");
            _text.Append('\n');
            _inFacts = false;
        }
    }
}
