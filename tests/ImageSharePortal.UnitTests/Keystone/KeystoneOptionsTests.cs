using ImageSharePortal.Keystone;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.UnitTests.Keystone;

public sealed class KeystoneOptionsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("isp-keystone-options-").FullName;

    [Fact]
    public void The_usual_OS_variables_configure_Keystone()
    {
        var ca = Path.Combine(_folder, "cloud-ca.pem");
        File.WriteAllText(ca, "");
        var options = Bind(new()
        {
            ["OS_AUTH_URL"] = "https://keystone.example:5000/v3",
            ["OS_REGION_NAME"] = "RegionTwo",
            ["OS_INTERFACE"] = "internal",
            ["OS_USER_DOMAIN_NAME"] = "corp",
            ["OS_CACERT"] = ca,
            ["OS_IMAGE_URL"] = "https://glance.example:9292",
        });

        Assert.Equal("https://keystone.example:5000/v3", options.AuthUrl?.AbsoluteUri);
        Assert.Equal("RegionTwo", options.Region);
        Assert.Equal("internal", options.Interface);
        Assert.Equal("corp", options.DefaultUserDomain);
        Assert.Equal(ca, options.CaBundlePath);
        Assert.Equal("https://glance.example:9292/", options.ImageEndpoint?.AbsoluteUri);
        Assert.True(options.VerifyTls);
    }

    [Fact]
    public void The_Keystone_section_wins_over_OS_variables_and_the_old_endpoint_type_is_understood()
    {
        var options = Bind(new()
        {
            ["OS_AUTH_URL"] = "https://from-env.example/v3",
            ["OS_ENDPOINT_TYPE"] = "internalURL",
            ["Keystone:AuthUrl"] = "https://from-config.example/v3",
        });

        Assert.Equal("https://from-config.example/v3", options.AuthUrl?.AbsoluteUri);
        Assert.Equal("internal", options.Interface);
    }

    [Fact]
    public void A_clouds_yaml_entry_named_by_OS_CLOUD_is_read_and_OS_variables_win_over_it()
    {
        var file = Path.Combine(_folder, "clouds.yaml");
        File.WriteAllText(Path.Combine(_folder, "ca.pem"), "");
        File.WriteAllText(file, """
            # ~/.config/openstack/clouds.yaml
            clouds:
              other:
                auth:
                  auth_url: https://other.example/v3
              mycloud:
                auth:
                  auth_url: 'https://keystone.mycloud.example:5000'   # no /v3: added
                  username: "ignored-user"
                  password: "ignored: the portal never keeps passwords"
                  user_domain_name: Corp
                  project_name: demo
                region_name: "RegionOne"
                interface: internal
                cacert: ca.pem
                verify: false
                image_endpoint_override: https://glance.mycloud.example
                regions:
                  - RegionOne
                  - RegionTwo
            """);

        var options = Bind(new() { ["OS_CLOUD"] = "mycloud", ["OS_CLIENT_CONFIG_FILE"] = file, ["OS_REGION_NAME"] = "RegionTwo" });

        Assert.Equal("https://keystone.mycloud.example:5000/", options.AuthUrl?.AbsoluteUri);
        Assert.Equal("https://keystone.mycloud.example:5000/v3", KeystoneOptions.NormalizeAuthUrl(options.AuthUrl!).AbsoluteUri);
        Assert.Equal("Corp", options.DefaultUserDomain);
        Assert.Equal("RegionTwo", options.Region);
        Assert.Equal("internal", options.Interface);
        Assert.Equal(Path.Combine(_folder, "ca.pem"), options.CaBundlePath);
        Assert.False(options.VerifyTls);
        Assert.Equal("https://glance.mycloud.example/", options.ImageEndpoint?.AbsoluteUri);
    }

    [Fact]
    public void A_cloud_missing_from_clouds_yaml_fails_at_start_with_the_clouds_it_has()
    {
        var file = Path.Combine(_folder, "clouds.yaml");
        File.WriteAllText(file, "clouds:\n  a:\n    auth:\n      auth_url: https://a.example/v3\n");

        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Keystone:Cloud"] = "b", ["Keystone:CloudsFile"] = file }));

        Assert.Contains("no cloud named 'b'", error.Message, StringComparison.Ordinal);
        Assert.Contains("clouds there: a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cloud_without_a_clouds_yaml_fails_at_start_saying_where_it_looked()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            Bind(new() { ["OS_CLOUD"] = "mycloud", ["OS_CLIENT_CONFIG_FILE"] = Path.Combine(_folder, "missing.yaml") }));

        Assert.Contains("no clouds.yaml was found", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, "Keystone:AuthUrl is required")]
    [InlineData("ftp://keystone.example/v3", null, null, "must be an absolute http(s) URL")]
    [InlineData("https://keystone.example/v3", "backstage", null, "Keystone:Interface must be public, internal or admin")]
    [InlineData("https://keystone.example/v3", null, "/nowhere/ca.pem", "Keystone:CaBundlePath names a file that does not exist")]
    public void Wrong_settings_fail_validation_with_a_clear_message(string? authUrl, string? @interface, string? caBundle, string message)
    {
        var settings = new Dictionary<string, string?> { ["Keystone:AuthUrl"] = authUrl, ["Keystone:Interface"] = @interface, ["Keystone:CaBundlePath"] = caBundle };

        var error = Assert.Throws<OptionsValidationException>(() => Bind(settings));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Clouds_yaml_reads_nested_maps_quotes_comments_flow_maps_and_aliases_and_leaves_out_lists()
    {
        var yaml = CloudsYaml.Parse("""
            ---
            clouds:   # comment
              "quoted key":
                a: 'it''s'
                b: "x # not a comment"
                list:
                  - one
                  - two: 2
                c: &url plain value # comment
                d: *url
                e: |
                  two
                  lines
              next: {flow: kept}
            """);

        Assert.Equal("it's", CloudsYaml.Get(yaml, "clouds", "quoted key", "a"));
        Assert.Equal("x # not a comment", CloudsYaml.Get(yaml, "clouds", "quoted key", "b"));
        Assert.Equal("plain value", CloudsYaml.Get(yaml, "clouds", "quoted key", "c"));
        Assert.Equal("plain value", CloudsYaml.Get(yaml, "clouds", "quoted key", "d"));
        Assert.Equal("two\nlines\n", CloudsYaml.Get(yaml, "clouds", "quoted key", "e"));
        Assert.Null(CloudsYaml.Get(yaml, "clouds", "quoted key", "list"));
        Assert.Equal("kept", CloudsYaml.Get(yaml, "clouds", "next", "flow"));
    }

    [Fact]
    public void A_clouds_yaml_that_is_not_yaml_is_refused_in_words()
    {
        var error = Assert.Throws<FormatException>(() => CloudsYaml.Parse("clouds:\n  a: b\n c: d\n"));
        Assert.StartsWith("not valid YAML at line 3", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("not valid YAML", Assert.Throws<FormatException>(() => CloudsYaml.Parse("clouds:\n  a: [unclosed\n  b: c\n")).Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static KeystoneOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var provider = new ServiceCollection().AddLogging().AddKeystone(configuration).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<KeystoneOptions>>().Value;
    }
}
