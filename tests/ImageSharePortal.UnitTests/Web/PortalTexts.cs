using System.Xml.Linq;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The portal's resource files as written (<c>src/ImageSharePortal.Web/Localization/Texts/</c>), for the tests that check them.</summary>
internal static class PortalTexts
{
    /// <summary>The web project's folder in the source tree.</summary>
    public static string WebProject { get; } = Find();

    public static string Folder => Path.Combine(WebProject, "Localization", "Texts");

    /// <summary>The area files of one language: <c>Inbox.resx</c>… for English (<paramref name="culture"/> null), <c>Inbox.de.resx</c>… for "de".</summary>
    public static IReadOnlyList<string> Files(string? culture) =>
        Directory.EnumerateFiles(Folder, "*.resx")
            .Where(f => culture is null ? Path.GetFileName(f).Count(c => c == '.') == 1 : f.EndsWith($".{culture}.resx", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>The keys and texts of one file.</summary>
    public static Dictionary<string, string> Read(string file) =>
        XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    /// <summary>Every key and text of one language, over all its files (a key in two files throws).</summary>
    public static Dictionary<string, string> All(string? culture) =>
        Files(culture).SelectMany(Read).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);

    private static string Find([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "../../../src/ImageSharePortal.Web"));
}
