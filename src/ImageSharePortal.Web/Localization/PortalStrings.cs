using System.Collections.Frozen;
using System.Globalization;
using System.Resources;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Localization;

/// <summary>
/// <see cref="Strings"/>, the portal's words, over every resource file in <c>Localization/Texts/</c>: each key is looked
/// up in the one file that has it, in the current UI culture with English as the fallback, as a resource localizer does.
/// A key missing from every file reads as itself; a key in two files stops start-up (it would have two texts).
/// </summary>
public sealed class PortalStrings : IStringLocalizer<Strings>
{
    private const string Prefix = "ImageSharePortal.Web.Localization.Texts.";

    /// <summary>The one instance: the resources are the assembly's, read once.</summary>
    public static PortalStrings Instance { get; } = new();

    private readonly FrozenDictionary<string, ResourceManager> _owners;

    private PortalStrings()
    {
        var assembly = typeof(Strings).Assembly;
        var owners = new Dictionary<string, ResourceManager>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order())
        {
            var manager = new ResourceManager(name[..^".resources".Length], assembly);
            // Not disposed: the manager keeps the set it read, and reads from it later.
            var neutral = manager.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
                ?? throw new InvalidOperationException($"The resource {name} cannot be read.");
            foreach (System.Collections.DictionaryEntry entry in neutral)
            {
                var key = (string)entry.Key;
                if (!owners.TryAdd(key, manager))
                {
                    throw new InvalidOperationException($"The text '{key}' is in both {owners[key].BaseName} and {manager.BaseName}: keep it in one.");
                }
            }
        }

        _owners = owners.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Every key, with the resource (area file) that holds it.</summary>
    public IEnumerable<KeyValuePair<string, string>> Keys => _owners.Select(o => KeyValuePair.Create(o.Key, o.Value.BaseName));

    /// <summary>The text of <paramref name="key"/> in <paramref name="culture"/> (English where it has none), or null when no file has the key.</summary>
    public string? Find(string key, CultureInfo culture) =>
        _owners.TryGetValue(key, out var manager) ? manager.GetString(key, culture) : null;

    public LocalizedString this[string name]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(name);
            var value = Find(name, CultureInfo.CurrentUICulture);
            return new LocalizedString(name, value ?? name, resourceNotFound: value is null, searchedLocation: Prefix);
        }
    }

    public LocalizedString this[string name, params object[] arguments]
    {
        get
        {
            var format = this[name];
            return new LocalizedString(name, string.Format(CultureInfo.CurrentCulture, format.Value, arguments), format.ResourceNotFound, Prefix);
        }
    }

    /// <summary>Every text in the current UI culture, English where it has none (either way of <paramref name="includeParentCultures"/>).</summary>
    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
        _owners.Keys.Order(StringComparer.Ordinal).Select(k => this[k]);
}
