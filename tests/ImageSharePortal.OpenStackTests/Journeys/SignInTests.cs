using System.Text.RegularExpressions;

namespace ImageSharePortal.OpenStackTests.Journeys;

/// <summary>Keystone sign-in through the page against the real Keystone: refusals, project choice and switch, sign-out.</summary>
public sealed class SignInTests(OpenStackFixture fixture) : OpenStackTest(fixture)
{
    [Fact]
    public async Task A_wrong_password_is_refused_with_a_clear_message()
    {
        var page = await Fixture.NewPageAsync();
        await PortalPage.OpenSignInAsync(page);

        await PortalPage.SubmitPasswordAsync(page, Env.Producer.Name, "not-the-password");

        var error = page.GetByTestId("signin-error");
        await Assertions.Expect(error).ToHaveTextAsync("The user name, password or domain is not right.");
        await Assertions.Expect(page.GetByLabel("User name")).ToHaveValueAsync(Env.Producer.Name);
        await Assertions.Expect(page.GetByTestId("project-badge")).ToHaveCountAsync(0);
        Assert.DoesNotContain("not-the-password", page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", await page.ContentAsync(), StringComparison.Ordinal);
        await PortalPage.ScreenshotAsync(page, "01-wrong-password");
    }

    [Fact]
    public async Task A_wrong_password_typed_while_signed_in_says_so_and_keeps_the_session()
    {
        var page = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(page, Env.Producer);
        await PortalPages.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByTestId("project-badge")).ToBeVisibleAsync();

        await PortalPage.OpenSignInAsync(page);
        await PortalPage.SubmitPasswordAsync(page, Env.Producer.Name, "not-the-password");
        await Assertions.Expect(page.GetByTestId("signin-error")).ToHaveTextAsync("The user name, password or domain is not right.");

        // Still signed in on the same project: a refused attempt does not end the session it would have replaced.
        await PortalPages.GotoInteractiveAsync(page, "/inbox");
        await Assertions.Expect(page.GetByTestId("project-badge")).ToContainTextAsync(Env.Producer.ProjectName);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Sign_in_attempts_past_the_limit_are_refused_before_keystone_is_asked()
    {
        await using var portal = new OpenStackPortal(Env, new() { ["Portal:SignInAttemptLimit"] = "3", ["Portal:SignInAttemptWindow"] = "00:05:00" });
        portal.StartServer();
        var page = await Fixture.NewPageAsync(portal);
        var error = page.GetByTestId("signin-error");
        for (var i = 0; i < 3; i++)
        {
            await PortalPage.OpenSignInAsync(page);
            await PortalPage.SubmitPasswordAsync(page, Env.Producer.Name, "not-the-password");
            await Assertions.Expect(error).ToHaveTextAsync("The user name, password or domain is not right.");
        }

        // The fourth, even with the right password, is refused without a Keystone call.
        await PortalPage.OpenSignInAsync(page);
        await PortalPage.SubmitPasswordAsync(page, Env.Producer.Name, Env.Producer.Password);
        await Assertions.Expect(error).ToHaveTextAsync("Too many sign-in attempts from here or for this user. Wait a few minutes, then try again.");
        await Assertions.Expect(page.GetByTestId("project-badge")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_form_whose_antiforgery_token_no_longer_holds_asks_to_try_again()
    {
        var page = await Fixture.NewPageAsync();
        await PortalPage.OpenSignInAsync(page);
        await page.Locator("input[name=__RequestVerificationToken]").EvaluateAsync("e => e.value = 'from-before-a-restart'");

        await PortalPage.SubmitPasswordAsync(page, Env.Consumer.Name, Env.Consumer.Password);

        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("The form had expired");
        await Assertions.Expect(page.GetByTestId("project-badge")).ToHaveCountAsync(0);
        await PortalPage.SubmitPasswordAsync(page, Env.Consumer.Name, Env.Consumer.Password);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/inbox");
    }

    [Fact]
    public async Task The_producer_with_two_projects_picks_one_and_switches_from_the_app_bar()
    {
        var page = await Fixture.NewPageAsync();
        await PortalPage.OpenSignInAsync(page, "/images");
        await PortalPage.ScreenshotAsync(page, "02-signin-form");
        await PortalPage.SubmitPasswordAsync(page, Env.Producer.Name, Env.Producer.Password);

        // Two projects and none named: the picker.
        await page.WaitForURLAsync(new Regex("/account/projects"));
        await PortalPage.ScreenshotAsync(page, "03-project-picker");
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(Env.Producer.ProjectName)} ") }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/images");
        await Assertions.Expect(page.GetByTestId("project-id")).ToHaveTextAsync(Env.Producer.ProjectId);

        // The acting project is the token's scope: the stored token for the cookie's project is scoped to it.
        var session = await SessionOfAsync(Fixture.Portal, page);
        Assert.NotNull(session);
        var token = session.ScopedTo(Env.Producer.ProjectId);
        Assert.Equal(Env.Producer.ProjectId, token?.Project?.Id);

        // Switch from the app bar.
        await PortalPages.WaitInteractiveAsync(page);
        await page.GetByText("Switch project").ClickAsync();
        await PortalPage.ScreenshotAsync(page, "04-project-switcher");
        await page.GetByRole(AriaRole.Button, new() { Name = Env.ProducerProject2Name, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("project-id")).ToHaveTextAsync(Env.ProducerProject2Id);
        Assert.Equal("/images", new Uri(page.Url).AbsolutePath);
        Assert.Equal(Env.ProducerProject2Id, session.ScopedTo(Env.ProducerProject2Id)?.Project?.Id);

        // Tokens never reach the browser: not in the page, the URL or any cookie.
        var html = await page.ContentAsync();
        var cookies = await page.Context.CookiesAsync();
        foreach (var value in session.Tokens.Select(t => t.Value))
        {
            Assert.DoesNotContain(value, html, StringComparison.Ordinal);
            Assert.DoesNotContain(value, page.Url, StringComparison.Ordinal);
            Assert.DoesNotContain(cookies, c => c.Value.Contains(value, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Sign_out_revokes_the_sessions_tokens_in_Keystone()
    {
        var page = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(page, Env.Consumer, "/inbox", nameProject: false);
        var session = await SessionOfAsync(Fixture.Portal, page);
        Assert.NotNull(session);
        var tokens = session.Tokens.Select(t => t.Value).ToList();
        Assert.Equal(2, tokens.Count); // unscoped + scoped to the consumer's only project
        foreach (var token in tokens)
        {
            Assert.True(await Api.IsValidAsync(token, Ct));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        foreach (var token in tokens)
        {
            Assert.False(await Api.IsValidAsync(token, Ct), "a token of the signed-out session is still valid");
        }

        Assert.Null(Fixture.Portal.Services.GetRequiredService<ImageSharePortal.Web.Auth.Keystone.KeystoneSessionStore>().Find(session.Id));
    }

    [Fact]
    public async Task An_application_credential_signs_in_to_its_own_project_without_a_switcher()
    {
        var userId = await Api.UserIdAsync(Env.Consumer, Ct);
        var (id, secret) = await Api.CreateApplicationCredentialAsync(Env.Consumer, userId, Ct);
        try
        {
            var page = await Fixture.NewPageAsync();
            await PortalPage.OpenSignInAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Application credential" }).ClickAsync();
            await page.GetByLabel("Application credential ID").FillAsync(id);
            await page.GetByLabel("Secret").FillAsync(secret);
            await PortalPage.ScreenshotAsync(page, "05-application-credential");
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/inbox");
            await Assertions.Expect(page.GetByTestId("project-id")).ToHaveTextAsync(Env.Consumer.ProjectId);
            await Assertions.Expect(page.GetByTestId("project-switcher")).ToHaveCountAsync(0);
        }
        finally
        {
            await Api.DeleteApplicationCredentialAsync(Env.Consumer, userId, id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_wrong_application_credential_is_refused_with_a_clear_message()
    {
        var page = await Fixture.NewPageAsync();
        await page.GotoAsync("/account/signin?method=application_credential");
        await page.GetByLabel("Application credential ID").FillAsync("0123456789abcdef0123456789abcdef");
        await page.GetByLabel("Secret").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("signin-error"))
            .ToHaveTextAsync("The application credential ID or secret is not right, or the credential has expired.");
    }

    [Fact]
    public async Task A_user_without_projects_gets_the_no_projects_page()
    {
        var (userId, name, password) = await Api.CreateUserWithoutProjectsAsync(Ct);
        try
        {
            var page = await Fixture.NewPageAsync();
            await PortalPage.OpenSignInAsync(page);
            await PortalPage.SubmitPasswordAsync(page, name, password);

            await page.WaitForURLAsync(new Regex("/account/no-projects$"));
            await Assertions.Expect(page.GetByTestId("no-projects")).ToContainTextAsync("no role on any project");
            await Assertions.Expect(page.GetByTestId("project-badge")).ToHaveCountAsync(0);
            await PortalPage.ScreenshotAsync(page, "06-no-projects");
        }
        finally
        {
            await Api.DeleteUserAsync(userId, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_project_the_user_has_no_role_on_is_refused_with_a_clear_message()
    {
        var page = await Fixture.NewPageAsync();
        await PortalPage.OpenSignInAsync(page);

        await PortalPage.SubmitPasswordAsync(page, Env.Consumer.Name, Env.Consumer.Password, Env.Producer.ProjectName);

        await Assertions.Expect(page.GetByTestId("signin-error")).ToContainTextAsync("You have no project with that name or ID.");
        await Assertions.Expect(page.GetByTestId("project-badge")).ToHaveCountAsync(0);
    }
}
