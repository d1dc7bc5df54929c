using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Web.Features.Projects;

/// <summary>What a project ID looks like in this cloud (<c>ProjectIds</c> section).</summary>
public sealed class ProjectIdOptions
{
    public const string SectionName = "ProjectIds";

    /// <summary>A regular expression every normalised (trimmed, lower-case) project ID must match. Keystone's IDs are 32 hex digits.</summary>
    [Required]
    public string Pattern { get; set; } = "^[0-9a-f]{32}$";

    /// <summary>The pattern in words, for messages.</summary>
    [Required]
    public string Description { get; set; } = "32 hexadecimal digits";
}

/// <summary>
/// The portal's rules for a typed project ID. The Images API accepts any string as a member, so a typo, a project
/// name or a stray upper-case copy would silently create a dead share: IDs are trimmed, lower-cased (a dashed UUID
/// loses its dashes) and must match the cloud's pattern.
/// </summary>
public sealed partial class ProjectIdPolicy
{
    public const int MaxLength = 64;

    private readonly Regex _pattern;

    public ProjectIdPolicy(IOptions<ProjectIdOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Description = options.Value.Description;
        _pattern = new Regex(options.Value.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Keystone's defaults, for code that has no configuration (tests, tools).</summary>
    public static ProjectIdPolicy Default { get; } = new(Options.Create(new ProjectIdOptions()));

    public string Description { get; }

    /// <summary>Trimmed and lower-cased; a UUID written with dashes loses them (Keystone writes it without).</summary>
    public static string Normalise(string? input)
    {
        var trimmed = (input ?? "").Trim().Trim('"', '\'', '`').Trim().ToLowerInvariant();
        return DashedUuid().IsMatch(trimmed) ? trimmed.Replace("-", "", StringComparison.Ordinal) : trimmed;
    }

    /// <summary>True when two IDs name the same project (the Images API compares exactly; the portal does not let case differ).</summary>
    public static bool Same(string? a, string? b) => string.Equals(Normalise(a), Normalise(b), StringComparison.Ordinal);

    public bool IsValid(string? normalised) => normalised is { Length: > 0 and <= MaxLength } && _pattern.IsMatch(normalised);

    /// <summary>The normalised ID, or one sentence saying why the input cannot be a project ID here.</summary>
    public (string? ProjectId, string? Error) Check(string? input, string whose = "the consumer's")
    {
        var id = Normalise(input);
        if (id.Length == 0)
        {
            return (null, $"Enter {whose} project ID ({Description}).");
        }

        if (id.Length > MaxLength)
        {
            return (null, $"A project ID is at most {MaxLength} characters; this one has {id.Length}.");
        }

        if (id.Any(char.IsControl) || id.Any(char.IsWhiteSpace))
        {
            return (null, "A project ID has no spaces or control characters. Copy it again, e.g. from 'openstack project show <name> -f value -c id'.");
        }

        if (!_pattern.IsMatch(id))
        {
            return (null, $"'{Shorten(input!.Trim())}' is not a project ID: in this cloud a project ID is {Description}. " +
                "A project name does not work here; 'openstack project show <name> -f value -c id' prints the ID.");
        }

        return (id, null);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex DashedUuid();
}
