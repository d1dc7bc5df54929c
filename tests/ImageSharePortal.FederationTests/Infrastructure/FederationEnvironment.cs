namespace ImageSharePortal.FederationTests.Infrastructure;

public sealed record FederatedUser(string Name, string Upn, string Password, string? ProjectName, string? ProjectId);

/// <summary>
/// The provider + federated Keystone + Glance started by <c>scripts/federation/federation.sh start</c>: its env file
/// (<c>$ISP_FEDERATION_DIR/env</c>, default <c>/tmp/isp-federation/env</c>), overridden by <c>ISP_FED_*</c> variables.
/// Missing settings fail the run with what to do: these tests never skip silently.
/// </summary>
public sealed class FederationEnvironment
{
    private static readonly string[] RequiredKeys =
    [
        "ISP_FED_INSTANCE", "ISP_FED_TENANT_ID", "ISP_FED_ISSUER", "ISP_FED_CLIENT_ID", "ISP_FED_CLIENT_SECRET", "ISP_FED_CALLBACK_PATH",
        "ISP_FED_API_SCOPE", "ISP_FED_AUDIENCE", "ISP_FED_CA_CERT", "ISP_FED_PROVIDER_CONFIG", "ISP_FED_KEYSTONE_URL", "ISP_FED_IDP",
        "ISP_FED_PROTOCOL", "ISP_FED_AUTH_URL", "ISP_FED_GLANCE_URL",
        "ISP_FED_PRODUCER_USER", "ISP_FED_PRODUCER_UPN", "ISP_FED_PRODUCER_PASSWORD", "ISP_FED_PRODUCER_PROJECT", "ISP_FED_PRODUCER_PROJECT_ID",
        "ISP_FED_CONSUMER_USER", "ISP_FED_CONSUMER_UPN", "ISP_FED_CONSUMER_PASSWORD", "ISP_FED_CONSUMER_PROJECT", "ISP_FED_CONSUMER_PROJECT_ID",
        "ISP_FED_NOMAP_USER", "ISP_FED_NOMAP_UPN", "ISP_FED_NOMAP_PASSWORD",
    ];

    private readonly Dictionary<string, string> _values;

    private FederationEnvironment(Dictionary<string, string> values, string source)
    {
        _values = values;
        Source = source;
    }

    public string Source { get; }

    public string this[string key] => _values.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"{key} is not set ({Source}).");

    public Uri KeystoneUrl => new(this["ISP_FED_KEYSTONE_URL"]);

    public Uri GlanceUrl => new(this["ISP_FED_GLANCE_URL"]);

    public FederatedUser Producer => User("PRODUCER");

    public FederatedUser Consumer => User("CONSUMER");

    public FederatedUser NoMapping => new(this["ISP_FED_NOMAP_USER"], this["ISP_FED_NOMAP_UPN"], this["ISP_FED_NOMAP_PASSWORD"], null, null);

    public static FederationEnvironment Load()
    {
        var (values, file, source) = EnvFile.Load("ISP_FEDERATION_DIR", "/tmp/isp-federation", "ISP_FED_");
        var missing = RequiredKeys.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The federation tests need the OIDC provider, a federated Keystone and Glance, and {file} is missing or incomplete " +
                $"(missing: {string.Join(", ", missing)}). Start them with 'scripts/federation/federation.sh start' (scripts/test.sh does this).");
        }

        return new FederationEnvironment(values, source);
    }

    private FederatedUser User(string role) => new(
        this[$"ISP_FED_{role}_USER"], this[$"ISP_FED_{role}_UPN"], this[$"ISP_FED_{role}_PASSWORD"],
        this[$"ISP_FED_{role}_PROJECT"], this[$"ISP_FED_{role}_PROJECT_ID"]);
}
