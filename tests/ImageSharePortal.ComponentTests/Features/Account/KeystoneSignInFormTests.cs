using ImageSharePortal.Images;
using ImageSharePortal.Keystone;
using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Features.Account;
using ImageSharePortal.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace ImageSharePortal.ComponentTests.Features.Account;

/// <summary>The Keystone sign-in form: fields like the dashboard's, a method switch, clear messages, never a password echoed.</summary>
public sealed class KeystoneSignInFormTests : BunitContext
{
    public KeystoneSignInFormTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddPortalLocalization(); // the form's words (Localization/Texts)
        var keystone = Options.Create(new KeystoneOptions { AuthUrl = new Uri("http://keystone.test/v3"), DefaultUserDomain = "Corp" });
        Services.AddSingleton(keystone);
        Services.AddSingleton(new KeystoneSessionStore(TimeProvider.System, keystone, Options.Create(new ImagesApiOptions())));
    }

    [Fact]
    public void The_password_form_posts_user_password_domain_and_optional_project()
    {
        var cut = Render<KeystoneSignInForm>(p => p.Add(c => c.ReturnUrl, "/inbox"));

        var form = cut.Find("form[data-testid=keystone-signin]");
        Assert.Equal("/account/keystone", form.GetAttribute("action"));
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/inbox", cut.Find("input[name=returnUrl]").GetAttribute("value"));
        Assert.Equal("password", cut.Find("input[name=method]").GetAttribute("value"));
        Assert.Equal("current-password", cut.Find("input[name=password]").GetAttribute("autocomplete"));
        Assert.Equal("Corp", cut.Find("input[name=domain]").GetAttribute("value"));
        Assert.False(cut.Find("input[name=project]").HasAttribute("required"));
        Assert.Equal("page", cut.Find("nav a[aria-current]").GetAttribute("aria-current"));
        Assert.Contains("Password", cut.Find("nav a[aria-current]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=signin-error]"));
    }

    [Fact]
    public void After_a_refusal_the_message_shows_and_the_user_domain_and_project_come_back_but_not_the_password()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/account/signin?user=alice&domain=Other&project=demo&error=wrong-credentials");

        var cut = Render<KeystoneSignInForm>(p => p.Add(c => c.ReturnUrl, "/").Add(c => c.Error, SignInErrors.WrongCredentials));

        Assert.Equal("The user name, password or domain is not right.", cut.Find("[data-testid=signin-error]").TextContent.Trim());
        Assert.Equal("alice", cut.Find("input[name=username]").GetAttribute("value"));
        Assert.Equal("Other", cut.Find("input[name=domain]").GetAttribute("value"));
        Assert.Equal("demo", cut.Find("input[name=project]").GetAttribute("value"));
        Assert.Null(cut.Find("input[name=password]").GetAttribute("value"));
    }

    [Fact]
    public void The_application_credential_form_asks_for_ID_and_secret()
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo("/account/signin?method=application_credential");

        var cut = Render<KeystoneSignInForm>(p => p.Add(c => c.ReturnUrl, "/"));

        Assert.Equal("application_credential", cut.Find("input[name=method]").GetAttribute("value"));
        Assert.NotNull(cut.Find("input[name=credential_id]"));
        Assert.Equal("password", cut.Find("input[name=credential_secret]").GetAttribute("type"));
        Assert.Empty(cut.FindAll("input[name=username]"));
        Assert.Contains("Application credential", cut.Find("nav a[aria-current]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SignInErrors.PasswordExpired, "Your password has expired.")]
    [InlineData(SignInErrors.KeystoneDown, "Keystone did not answer. Try again in a moment.")]
    [InlineData(SignInErrors.NoAccessToProject, "You have no role on that project")]
    [InlineData(SignInErrors.SessionEnded, "Your session has ended.")]
    [InlineData("anything-else", "Sign-in failed. Try again.")]
    public void Each_failure_has_its_own_plain_message(string code, string message)
    {
        var cut = Render<KeystoneSignInForm>(p => p.Add(c => c.ReturnUrl, "/").Add(c => c.Error, code));

        Assert.StartsWith(message, cut.Find("[data-testid=signin-error]").TextContent.Trim(), StringComparison.Ordinal);
    }
}
