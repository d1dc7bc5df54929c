using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Keystone;

/// <summary>
/// Fills <see cref="KeystoneOptions"/> the way OpenStack clients do, lowest precedence first:
/// the <c>clouds.yaml</c> entry named by <c>Keystone:Cloud</c> or <c>OS_CLOUD</c>; then the <c>OS_*</c> variables;
/// then the <c>Keystone</c> configuration section. Passwords in <c>clouds.yaml</c> are ignored: people sign in themselves.
/// </summary>
public sealed class KeystoneOptionsSetup(IConfiguration configuration) : IConfigureOptions<KeystoneOptions>
{
    /// <summary>The <c>OS_*</c> variables read, and the option each one sets.</summary>
    public static readonly IReadOnlyDictionary<string, string> EnvironmentVariables = new Dictionary<string, string>
    {
        ["OS_AUTH_URL"] = nameof(KeystoneOptions.AuthUrl),
        ["OS_REGION_NAME"] = nameof(KeystoneOptions.Region),
        ["OS_INTERFACE"] = nameof(KeystoneOptions.Interface),
        ["OS_USER_DOMAIN_NAME"] = nameof(KeystoneOptions.DefaultUserDomain),
        ["OS_CACERT"] = nameof(KeystoneOptions.CaBundlePath),
        ["OS_IMAGE_URL"] = nameof(KeystoneOptions.ImageEndpoint),
    };

    public void Configure(KeystoneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(KeystoneOptions.SectionName);
        var cloud = NonEmpty(section["Cloud"]) ?? NonEmpty(configuration["OS_CLOUD"]);
        if (cloud is not null)
        {
            ApplyCloud(options, cloud, NonEmpty(section["CloudsFile"]) ?? NonEmpty(configuration["OS_CLIENT_CONFIG_FILE"]));
        }

        Set(configuration["OS_AUTH_URL"], v => options.AuthUrl = ParseUri(v, "OS_AUTH_URL"));
        Set(configuration["OS_REGION_NAME"], v => options.Region = v);
        Set(configuration["OS_INTERFACE"] ?? configuration["OS_ENDPOINT_TYPE"], v => options.Interface = NormalizeInterface(v));
        Set(configuration["OS_USER_DOMAIN_NAME"], v => options.DefaultUserDomain = v);
        Set(configuration["OS_CACERT"], v => options.CaBundlePath = v);
        Set(configuration["OS_IMAGE_URL"], v => options.ImageEndpoint = ParseUri(v, "OS_IMAGE_URL"));

        section.Bind(options);
        options.Interface = NormalizeInterface(options.Interface);
    }

    /// <summary>Where <c>clouds.yaml</c> is looked for when no file is named, as the OpenStack SDK does.</summary>
    public static IReadOnlyList<string> DefaultCloudsFiles()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return
        [
            Path.Combine(Directory.GetCurrentDirectory(), "clouds.yaml"),
            Path.Combine(home, ".config", "openstack", "clouds.yaml"),
            "/etc/openstack/clouds.yaml",
        ];
    }

    private static void ApplyCloud(KeystoneOptions options, string cloud, string? file)
    {
        var candidates = file is not null ? [file] : DefaultCloudsFiles();
        var path = candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                $"Keystone:Cloud / OS_CLOUD names the cloud '{cloud}' but no clouds.yaml was found (looked at {string.Join(", ", candidates)}).");

        IReadOnlyDictionary<string, object> yaml;
        try
        {
            yaml = CloudsYaml.Parse(File.ReadAllText(path));
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"{path} (the clouds.yaml of Keystone:Cloud / OS_CLOUD '{cloud}') is {e.Message}", e);
        }

        if (!(yaml.TryGetValue("clouds", out var clouds) && clouds is IReadOnlyDictionary<string, object> entries
            && entries.TryGetValue(cloud, out var entry) && entry is IReadOnlyDictionary<string, object> map))
        {
            var known = yaml.TryGetValue("clouds", out var c) && c is IReadOnlyDictionary<string, object> all ? string.Join(", ", all.Keys) : "none";
            throw new InvalidOperationException($"{path} has no cloud named '{cloud}' (clouds there: {known}).");
        }

        Set(CloudsYaml.Get(map, "auth", "auth_url"), v => options.AuthUrl = ParseUri(v, $"{path}: auth.auth_url"));
        Set(CloudsYaml.Get(map, "auth", "user_domain_name") ?? CloudsYaml.Get(map, "user_domain_name"), v => options.DefaultUserDomain = v);
        Set(CloudsYaml.Get(map, "region_name"), v => options.Region = v);
        Set(CloudsYaml.Get(map, "interface"), v => options.Interface = v);
        Set(CloudsYaml.Get(map, "cacert"), v => options.CaBundlePath = Path.IsPathRooted(v) ? v : Path.Combine(Path.GetDirectoryName(path)!, v));
        Set(CloudsYaml.Get(map, "verify"), v => options.VerifyTls = !string.Equals(v, "false", StringComparison.OrdinalIgnoreCase));
        Set(CloudsYaml.Get(map, "image_endpoint_override"), v => options.ImageEndpoint = ParseUri(v, $"{path}: image_endpoint_override"));
    }

    /// <summary><c>publicURL</c> (old <c>OS_ENDPOINT_TYPE</c> style) is <c>public</c>; an empty setting is <c>public</c>.</summary>
    private static string NormalizeInterface(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "public";
        }

        var text = value.Trim().ToLowerInvariant();
        return text.EndsWith("url", StringComparison.Ordinal) ? text[..^3] : text;
    }

    private static Uri ParseUri(string value, string source) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"{source} is not an absolute URL: '{value}'.");

    private static void Set(string? value, Action<string> apply)
    {
        if (NonEmpty(value) is { } text)
        {
            apply(text);
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Checks what data annotations cannot: a usable Keystone URL, a known interface, an existing CA bundle.</summary>
public sealed class KeystoneOptionsValidator : IValidateOptions<KeystoneOptions>
{
    public ValidateOptionsResult Validate(string? name, KeystoneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.AuthUrl is null)
        {
            failures.Add("Keystone:AuthUrl is required in OpenStack mode (or OS_AUTH_URL, or auth.auth_url of the clouds.yaml entry named by OS_CLOUD).");
        }
        else if (!options.AuthUrl.IsAbsoluteUri || options.AuthUrl.Scheme is not ("http" or "https"))
        {
            failures.Add($"Keystone:AuthUrl must be an absolute http(s) URL (got '{options.AuthUrl}').");
        }

        if (!KeystoneOptions.Interfaces.Contains(options.Interface))
        {
            failures.Add($"Keystone:Interface must be public, internal or admin (got '{options.Interface}').");
        }

        if (options.ImageEndpoint is { } image && (!image.IsAbsoluteUri || image.Scheme is not ("http" or "https")))
        {
            failures.Add($"Keystone:ImageEndpoint must be an absolute http(s) URL (got '{image}').");
        }

        if (!string.IsNullOrEmpty(options.CaBundlePath) && !File.Exists(options.CaBundlePath))
        {
            failures.Add($"Keystone:CaBundlePath names a file that does not exist: {options.CaBundlePath}");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultUserDomain))
        {
            failures.Add("Keystone:DefaultUserDomain must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
