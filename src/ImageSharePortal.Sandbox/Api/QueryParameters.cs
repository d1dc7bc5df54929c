using System.Text;

namespace ImageSharePortal.Sandbox.Api;

/// <summary>
/// A query string kept as webob keeps it: every pair in order. Glance builds its <c>first</c> and <c>next</c> links
/// from <c>dict(request.params)</c> (keys in first-seen order, the last value of a repeated key) and Python's
/// <c>urlencode</c>; <see cref="ToPythonQuery"/> does the same so the links match a real Glance's byte for byte.
/// </summary>
internal sealed class QueryParameters
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    private QueryParameters(List<KeyValuePair<string, string>> pairs) => _pairs = pairs;

    public static QueryParameters Parse(string? queryString)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var piece in (queryString ?? string.Empty).TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = piece.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? piece : piece[..equals];
            var value = equals < 0 ? string.Empty : piece[(equals + 1)..];
            pairs.Add(new(Decode(key), Decode(value)));
        }

        return new QueryParameters(pairs);
    }

    public bool Contains(string key) => _pairs.Exists(p => p.Key == key);

    /// <summary>webob's <c>params[key]</c>: the last value given for the key.</summary>
    public string? Last(string key) => _pairs.FindLast(p => p.Key == key) is { Key: not null } pair ? pair.Value : null;

    public IReadOnlyList<string> All(string key) => [.. _pairs.Where(p => p.Key == key).Select(p => p.Value)];

    /// <summary>Python's <c>dict(params)</c>: distinct keys in first-seen order, each with its last value.</summary>
    public List<KeyValuePair<string, string>> ToPythonDict()
    {
        var keys = _pairs.Select(p => p.Key).Distinct(StringComparer.Ordinal);
        return [.. keys.Select(k => new KeyValuePair<string, string>(k, Last(k)!))];
    }

    /// <summary>Python's <c>urllib.parse.urlencode</c> (quote_plus) of the given pairs.</summary>
    public static string ToPythonQuery(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join('&', pairs.Select(p => QuotePlus(p.Key) + "=" + QuotePlus(p.Value)));

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    private static string QuotePlus(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or '~')
            {
                builder.Append(c);
            }
            else if (c == ' ')
            {
                builder.Append('+');
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
