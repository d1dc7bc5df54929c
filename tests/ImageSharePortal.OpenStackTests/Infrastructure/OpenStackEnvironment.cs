namespace ImageSharePortal.OpenStackTests.Infrastructure;

public sealed record OpenStackUser(string Role, string Name, string Password, string ProjectName, string ProjectId);

/// <summary>
/// The real Keystone + Glance started by <c>scripts/openstack/openstack.sh start</c>: its env file
/// (<c>$ISP_OPENSTACK_DIR/env</c>, default <c>/tmp/isp-openstack/env</c>), overridden by <c>ISP_*</c> variables.
/// Missing settings fail the run with what to do: these tests never skip silently.
/// </summary>
public sealed class OpenStackEnvironment
{
    private readonly Dictionary<string, string> _values;

    private OpenStackEnvironment(Dictionary<string, string> values, string source)
    {
        _values = values;
        Source = source;
    }

    public string Source { get; }

    public string StateDirectory => Get("ISP_OPENSTACK_DIR", "/tmp/isp-openstack");

    public Uri KeystoneUrl => new(Required("ISP_KEYSTONE_URL"));

    public Uri GlanceUrl => new(Required("ISP_GLANCE_URL"));

    public string Region => Get("ISP_OS_REGION", "RegionOne");

    public string UserDomain => Get("ISP_OS_USER_DOMAIN", "Default");

    public OpenStackUser Producer => User("PRODUCER");

    public OpenStackUser Consumer => User("CONSUMER");

    public OpenStackUser Stranger => User("STRANGER");

    public OpenStackUser Admin => new("admin", Required("ISP_OS_ADMIN_USER"), Required("ISP_OS_ADMIN_PASSWORD"), Required("ISP_OS_ADMIN_PROJECT"), "");

    public string ProducerProject2Id => Required("ISP_OS_PRODUCER_PROJECT2_ID");

    public string ProducerProject2Name => Get("ISP_OS_PRODUCER_PROJECT2", "isp-producer-2");

    public static OpenStackEnvironment Load()
    {
        var (values, file, source) = EnvFile.Load("ISP_OPENSTACK_DIR", "/tmp/isp-openstack", "ISP_");
        var environment = new OpenStackEnvironment(values, source);
        string[] required =
        [
            "ISP_KEYSTONE_URL", "ISP_GLANCE_URL",
            "ISP_OS_PRODUCER_USER", "ISP_OS_PRODUCER_PASSWORD", "ISP_OS_PRODUCER_PROJECT", "ISP_OS_PRODUCER_PROJECT_ID", "ISP_OS_PRODUCER_PROJECT2_ID",
            "ISP_OS_CONSUMER_USER", "ISP_OS_CONSUMER_PASSWORD", "ISP_OS_CONSUMER_PROJECT", "ISP_OS_CONSUMER_PROJECT_ID",
            "ISP_OS_STRANGER_USER", "ISP_OS_STRANGER_PASSWORD", "ISP_OS_STRANGER_PROJECT", "ISP_OS_STRANGER_PROJECT_ID",
            "ISP_OS_ADMIN_USER", "ISP_OS_ADMIN_PASSWORD", "ISP_OS_ADMIN_PROJECT",
        ];
        var missing = required.Where(k => !values.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The OpenStack tests need a real Keystone + Glance, and {file} is missing or incomplete (missing: {string.Join(", ", missing)}). " +
                "Start them with 'scripts/openstack/openstack.sh start' (scripts/test.sh does this), or set the ISP_* variables it prints.");
        }

        return environment;
    }

    private OpenStackUser User(string role) => new(
        role.ToLowerInvariant(),
        Required($"ISP_OS_{role}_USER"),
        Required($"ISP_OS_{role}_PASSWORD"),
        Required($"ISP_OS_{role}_PROJECT"),
        Required($"ISP_OS_{role}_PROJECT_ID"));

    private string Get(string key, string fallback) => _values.TryGetValue(key, out var value) ? value : fallback;

    private string Required(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"{key} is not set ({Source}).");
}
