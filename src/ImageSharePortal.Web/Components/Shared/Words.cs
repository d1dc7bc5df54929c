using System.Globalization;
using System.Text.RegularExpressions;
using ImageSharePortal.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Components.Shared;

/// <summary>A sentence in the reader's words (<see cref="Shown"/>) and in English for the image's history (<see cref="Recorded"/>).</summary>
public readonly record struct Said(string Shown, string Recorded);

/// <summary>
/// The portal's words (<see cref="Strings"/>) where no localizer is injected: static markup such as
/// <see cref="ProjectRef.Markup"/> reads them in the reader's language; history details are kept in English.
/// </summary>
public static partial class Words
{
    /// <summary>The invariant culture, as the mark of a sentence written in English (its parts then say themselves in English).</summary>
    private static readonly CultureInfo EnglishText = (CultureInfo)CultureInfo.InvariantCulture.Clone();

    /// <summary>The text of <paramref name="key"/> in the current UI culture (the key itself when missing, as a localizer does).</summary>
    public static string Get(string key) => PortalStrings.Instance.Find(key, CultureInfo.CurrentUICulture) ?? key;

    public static string Get(string key, params object[] args) => string.Format(CultureInfo.CurrentCulture, Get(key), args);

    /// <summary>The text of <paramref name="key"/> in the current UI culture, or null when there is no such key.</summary>
    public static string? Find(string key) => PortalStrings.Instance.Find(key, CultureInfo.CurrentUICulture);

    /// <summary>The text of <paramref name="key"/> in the language of the sentence it is formatted into (the reader's, or English for history).</summary>
    public static IFormattable Text(string key) => new ResourceText(key);

    /// <summary>The English text of <paramref name="key"/>, for history and other records kept in one language.</summary>
    public static string English(string key, params object[] args) =>
        string.Format(EnglishText, PortalStrings.Instance.Find(key, CultureInfo.InvariantCulture) ?? key, args);

    /// <summary>The sentence for the reader and for history.</summary>
    public static Said Say(IStringLocalizer localizer, string key, params object[] args)
    {
        ArgumentNullException.ThrowIfNull(localizer);
        return new(localizer[key, args], English(key, args));
    }

    /// <summary>
    /// "orbital-images (3f1c…)" when the project is known, "project 3f1c…" otherwise, in the language the sentence it
    /// is formatted into is written in (the reader's, or English for history).
    /// </summary>
    public static IFormattable Phrase(ProjectLabel project) => new ProjectPhrase(project);

    /// <summary>A member status (<c>pending</c>, <c>accepted</c>, <c>rejected</c>) in the language of the sentence it is formatted into.</summary>
    public static IFormattable Status(string status) => new MemberStatus(status);

    /// <summary>An image's visibility (<c>private</c>, <c>shared</c>…) in the language of the sentence it is formatted into.</summary>
    public static object Visibility(string? visibility) =>
        visibility is Visibilities.Private or Visibilities.Shared or Visibilities.Public or Visibilities.Community
            ? Text("Image.Visibility." + visibility) : visibility ?? "";

    /// <summary>An image's state as Glance names it (<c>active</c>, <c>queued</c>…) in the reader's language; a state it adds later reads as Glance writes it.</summary>
    public static string ImageState(string? status) => status is not null && Find("Image.State." + status) is { } text ? text : status ?? "";

    /// <summary>A sentence whose <c>{0}</c>, <c>{1}</c>… are markup or render fragments (a component's markup, a link).</summary>
    public static RenderFragment Fragment(string sentence, params object[] parts) => builder =>
    {
        var at = 0;
        foreach (Match m in Placeholder().Matches(sentence))
        {
            builder.AddContent(0, sentence[at..m.Index]);
            switch (parts[int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)])
            {
                case RenderFragment fragment:
                    builder.AddContent(1, fragment);
                    break;
                case MarkupString markup:
                    builder.AddContent(2, markup);
                    break;
                case var other:
                    builder.AddContent(3, other?.ToString());
                    break;
            }

            at = m.Index + m.Length;
        }

        builder.AddContent(4, sentence[at..]);
    };

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    private sealed record ProjectPhrase(ProjectLabel Project) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            Project.Name is not null ? Project.Text
            : string.Format(formatProvider, PortalStrings.Instance.Find("Shared.ProjectPhrase", formatProvider as CultureInfo ?? CultureInfo.CurrentUICulture) ?? "project {0}", Project.Id);

        public override string ToString() => ToString(null, CultureInfo.CurrentCulture);
    }

    private sealed record ResourceText(string Key) : IFormattable
    {
        // English in a sentence written in English (see English), else the reader's words.
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            PortalStrings.Instance.Find(Key, ReferenceEquals(formatProvider, EnglishText) ? CultureInfo.InvariantCulture : CultureInfo.CurrentUICulture) ?? Key;

        public override string ToString() => ToString(null, CultureInfo.CurrentCulture);
    }

    private sealed record MemberStatus(string Status) : IFormattable
    {
        public string ToString(string? format, IFormatProvider? formatProvider) =>
            Status is MemberStatuses.Pending or MemberStatuses.Accepted or MemberStatuses.Rejected
                ? PortalStrings.Instance.Find("Shared.Status." + Status, formatProvider as CultureInfo ?? CultureInfo.CurrentUICulture) ?? Status
                : Status;

        public override string ToString() => ToString(null, CultureInfo.CurrentCulture);
    }
}
