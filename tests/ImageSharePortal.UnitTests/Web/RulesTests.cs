using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Features.MyImages;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace ImageSharePortal.UnitTests.Web;

public sealed class ProjectIdRulesTests
{
    [Theory]
    [InlineData("  c0ffee11223344556677889900aabbcc \t", "c0ffee11223344556677889900aabbcc")]
    [InlineData("my-project_1", "my-project_1")]
    public void Trims_and_accepts_plausible_ids(string input, string expected)
    {
        var (id, error) = ProjectIdRules.Normalise(input);

        Assert.Null(error);
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null, "Enter the consumer's project ID.")]
    [InlineData("   ", "Enter the consumer's project ID.")]
    [InlineData("<script>alert(1)</script>", "only letters, digits")]
    [InlineData("abc def", "only letters, digits")]
    [InlineData("abc\u0007def", "only letters, digits")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789", "at most 64 characters")]
    public void Refuses_bad_input_with_a_plain_message(string? input, string messagePart)
    {
        var (id, error) = ProjectIdRules.Normalise(input);

        Assert.Null(id);
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("c0ffee11223344556677889900aabbcc", true)]
    [InlineData("C0FFEE11223344556677889900AABBCC", true)]
    [InlineData("c0ffee1122334455667788990aabbcc", false)]
    [InlineData("my-project", false)]
    public void Recognises_keystone_ids(string id, bool expected) => Assert.Equal(expected, ProjectIdRules.LooksLikeKeystoneId(id));
}

public sealed class ListingTextTests
{
    [Fact]
    public void Trims_a_valid_title_and_description()
    {
        var (title, description, error) = ListingText.Validate("  Debian 12  ", " Hardened\nbase image ");

        Assert.Null(error);
        Assert.Equal("Debian 12", title);
        Assert.Equal("Hardened\nbase image", description);
    }

    [Theory]
    [InlineData("", "", "Give the listing a title.")]
    [InlineData("Title\u0000", "", "control characters")]
    [InlineData("Title", "bad\u001b[31m", "control characters")]
    public void Refuses_bad_text(string title, string description, string messagePart)
    {
        var (_, _, error) = ListingText.Validate(title, description);

        Assert.Contains(messagePart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_overlong_text()
    {
        Assert.Contains("at most 120", ListingText.Validate(new string('x', 121), "").Error, StringComparison.Ordinal);
        Assert.Contains("at most 2000", ListingText.Validate("ok", new string('x', 2001)).Error, StringComparison.Ordinal);
    }
}

public sealed class SignInRulesTests
{
    [Theory]
    [InlineData("/inbox", "/inbox")]
    [InlineData("/images/abc?x=1", "/images/abc?x=1")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example/", "/")]
    [InlineData(null, "/")]
    public void Return_urls_stay_on_the_portal(string? returnUrl, string expected) =>
        Assert.Equal(expected, DevelopmentSignIn.SafeReturnUrl(returnUrl));

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Persona_sign_in_is_refused_outside_development(string environment)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Portal:SignIn"] = "Development" }).Build();

        var error = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddPortalAuthentication(configuration, new FakeEnvironment(environment)));

        Assert.Contains("only allowed in the Development environment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Persona_sign_in_is_allowed_in_development()
    {
        var services = new ServiceCollection().AddPortalAuthentication(new ConfigurationBuilder().Build(), new FakeEnvironment("Development"));

        Assert.Contains(services, d => d.ServiceType == typeof(ICurrentIdentity));
    }

    private sealed class FakeEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
