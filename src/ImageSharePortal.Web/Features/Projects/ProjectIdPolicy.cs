using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using ImageSharePortal.Web.Components.Shared;

namespace ImageSharePortal.Web.Features.Projects;

/// <summary>What a project ID looks like in this cloud (<c>ProjectIds</c> section).</summary>
public sealed class ProjectIdOptions
{
    public const string SectionName = "ProjectIds";

    /// <summary>The default <see cref="Description"/>, said in the reader's language (key <c>Projects.HexDigits</c>).</summary>
    public const string DefaultDescription = "32 hexadecimal digits";

    /// <summary>A regular expression every normalised (trimmed, lower-case) project ID must match. Keystone's IDs are 32 hex digits.</summary>
    [Required]
    public string Pattern { get; set; } = "^[0-9a-f]{32}$";

    /// <summary>The pattern in words, for messages.</summary>
    [Required]
    public string Description { get; set; } = DefaultDescription;
}

/// <summary>Why a typed value cannot be a project ID (in the rules' order).</summary>
public enum ProjectIdProblem
{
    Empty,
    TooLong,
    Spaces,
    NotAnId,
}

/// <summary>
/// A refused project ID: the reason, what was typed (trimmed, at most 40 characters) and the normalised length; the
/// sentence is <see cref="ImageSharePortal.Web.Localization.ErrorText"/>'s. <see cref="Description"/> is the pattern in
/// words (<see cref="ProjectIdPolicy.Described"/>).
/// </summary>
public sealed record ProjectIdRefusal(ProjectIdProblem Problem, string Typed, int Length, object Description);

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
        Described = Description == ProjectIdOptions.DefaultDescription ? Words.Text("Projects.HexDigits") : Description;
        _pattern = new Regex(options.Value.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    /// <summary>Keystone's defaults, for code that has no configuration (tests, tools).</summary>
    public static ProjectIdPolicy Default { get; } = new(Options.Create(new ProjectIdOptions()));

    public string Description { get; }

    /// <summary>
    /// <see cref="Description"/> for a sentence: the default in the language of the sentence it is formatted into,
    /// a configured wording as configured.
    /// </summary>
    public object Described { get; }

    /// <summary>Trimmed and lower-cased; a UUID written with dashes loses them (Keystone writes it without).</summary>
    public static string Normalise(string? input)
    {
        var trimmed = (input ?? "").Trim().Trim('"', '\'', '`').Trim().ToLowerInvariant();
        return DashedUuid().IsMatch(trimmed) ? trimmed.Replace("-", "", StringComparison.Ordinal) : trimmed;
    }

    /// <summary>True when two IDs name the same project (the Images API compares exactly; the portal does not let case differ).</summary>
    public static bool Same(string? a, string? b) => string.Equals(Normalise(a), Normalise(b), StringComparison.Ordinal);

    public bool IsValid(string? normalised) => normalised is { Length: > 0 and <= MaxLength } && _pattern.IsMatch(normalised);

    /// <summary>The normalised ID, or why the input cannot be a project ID here.</summary>
    public (string? ProjectId, ProjectIdRefusal? Refusal) Inspect(string? input)
    {
        var id = Normalise(input);
        ProjectIdProblem? problem = id.Length == 0 ? ProjectIdProblem.Empty
            : id.Length > MaxLength ? ProjectIdProblem.TooLong
            : id.Any(char.IsControl) || id.Any(char.IsWhiteSpace) ? ProjectIdProblem.Spaces
            : !_pattern.IsMatch(id) ? ProjectIdProblem.NotAnId
            : null;
        return problem is { } why ? (null, new ProjectIdRefusal(why, Shorten((input ?? "").Trim()), id.Length, Described)) : (id, null);
    }

    /// <summary>
    /// The normalised ID, or one English sentence saying why the input cannot be a project ID here (<paramref name="own"/>:
    /// the person's own project, else the consumer's). Pages say it in the reader's language: <see cref="Inspect"/>.
    /// </summary>
    public (string? ProjectId, string? Error) Check(string? input, bool own = false)
    {
        var (id, refusal) = Inspect(input);
        return refusal is null ? (id, null) : (null, ImageSharePortal.Web.Localization.ErrorText.English(refusal, own));
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex DashedUuid();
}
