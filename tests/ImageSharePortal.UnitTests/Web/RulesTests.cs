using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Features.Projects;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace ImageSharePortal.UnitTests.Web;

public sealed class ProjectIdPolicyTests
{
    private static readonly ProjectIdPolicy Keystone = ProjectIdPolicy.Default;

    [Theory]
    [InlineData("  c0ffee11223344556677889900aabbcc \t", "c0ffee11223344556677889900aabbcc")]
    [InlineData("C0FFEE11223344556677889900AABBCC", "c0ffee11223344556677889900aabbcc")]
    [InlineData("\"c0ffee11223344556677889900aabbcc\"", "c0ffee11223344556677889900aabbcc")]
    [InlineData("c0ffee11-2233-4455-6677-889900aabbcc", "c0ffee11223344556677889900aabbcc")]
    public void Trims_lower_cases_and_undashes_ids(string input, string expected)
    {
        var (id, error) = Keystone.Check(input);

        Assert.Null(error);
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData(null, "Enter the consumer's project ID (32 hexadecimal digits).")]
    [InlineData("   ", "Enter the consumer's project ID")]
    [InlineData("consumer", "'consumer' is not a project ID: in this cloud a project ID is 32 hexadecimal digits")]
    [InlineData("NaN", "is not a project ID")]
    [InlineData("-1", "is not a project ID")]
    [InlineData("c0ffee1122334455667788990aabbcc", "is not a project ID")]
    [InlineData("c0ffee11223344556677889900aabbccd", "is not a project ID")]
    [InlineData("g0ffee11223344556677889900aabbcc", "is not a project ID")]
    [InlineData("<script>alert(1)</script>", "is not a project ID")]
    [InlineData("abc def", "no spaces or control characters")]
    [InlineData("abc\u0007def", "no spaces or control characters")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789", "at most 64 characters")]
    public void Refuses_what_cannot_be_a_keystone_project_id_with_a_plain_message(string? input, string messagePart)
    {
        var (id, error) = Keystone.Check(input);

        Assert.Null(id);
        Assert.Contains(messagePart, error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pattern_and_its_wording_come_from_configuration()
    {
        var custom = new ProjectIdPolicy(Options.Create(new ProjectIdOptions { Pattern = "^[a-z][a-z0-9-]{2,30}$", Description = "a lower-case name" }));

        Assert.Equal("team-a", custom.Check("Team-A").ProjectId);
        Assert.Contains("a lower-case name", custom.Check("1abc").Error, StringComparison.Ordinal);
        Assert.Null(Keystone.Check("team-a").ProjectId);
    }

    [Theory]
    [InlineData("c0ffee11223344556677889900aabbcc", "C0FFEE11223344556677889900AABBCC ", true)]
    [InlineData("c0ffee11223344556677889900aabbcc", "c0ffee11223344556677889900aabbcd", false)]
    [InlineData(null, "", true)]
    public void Compares_ids_ignoring_case_and_spaces(string? a, string? b, bool same) => Assert.Equal(same, ProjectIdPolicy.Same(a, b));
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
    [InlineData("/inbox\t", "/")]
    [InlineData("/in\nbox", "/")]
    [InlineData("/inbox\0", "/")]
    public void Return_urls_stay_on_the_portal(string? returnUrl, string expected) =>
        Assert.Equal(expected, ReturnUrls.Safe(returnUrl));

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
    public async Task Persona_sign_in_in_development_is_the_portal_cookie_alone_with_no_tokens_and_no_identity_provider()
    {
        var services = new ServiceCollection().AddLogging().AddPortalAuthentication(new ConfigurationBuilder().Build(), new FakeEnvironment("Development"));
        await using var provider = services.BuildServiceProvider();

        var schemes = await provider.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>().GetAllSchemesAsync();
        Assert.Equal([Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme], schemes.Select(s => s.Name));
        Assert.Equal(Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme,
            (await provider.GetRequiredService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>().GetDefaultChallengeSchemeAsync())?.Name);
        Assert.Empty(provider.GetServices<ISessionTokenSource>()); // the sandbox gets identity headers, never a token
    }

    private sealed class FakeEnvironment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "test";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
