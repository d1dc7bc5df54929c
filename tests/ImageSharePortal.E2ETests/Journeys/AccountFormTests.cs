namespace ImageSharePortal.E2ETests.Journeys;

/// <summary>The account forms (persona sign-in, sign-out) check antiforgery and answer a stale form with a sentence.</summary>
public sealed class AccountFormTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_persona_post_without_its_antiforgery_token_signs_nobody_in_and_says_why()
    {
        var page = await fixture.NewPageAsync();
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("persona", "alice");

        var response = await page.Context.APIRequest.PostAsync("/account/persona", new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(302, response.Status);
        Assert.Contains("/account/signin?error=form-expired", response.Headers["location"], StringComparison.Ordinal);
        await page.GotoAsync(response.Headers["location"]);
        await Assertions.Expect(page.GetByTestId("form-expired")).ToBeVisibleAsync();
        await page.GotoAsync("/inbox");
        await page.WaitForURLAsync(url => url.Contains("/account/signin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sign_out_needs_the_forms_token_and_then_ends_the_session()
    {
        var page = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(page, "dave", "/inbox");

        var forged = await page.Context.APIRequest.PostAsync("/account/signout", new() { MaxRedirects = 0 });
        Assert.Equal(302, forged.Status);
        await page.GotoAsync("/inbox");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inbox" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await page.GotoAsync("/inbox");
        await page.WaitForURLAsync(url => url.Contains("/account/signin", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/account/persona", "persona=al%00ice&returnUrl=%2F")]
    [InlineData("/account/persona", "persona=alice&returnUrl=%2Finbox%00")]
    [InlineData("/account/signout", "reason=%00")]
    public async Task A_form_field_with_a_nul_is_a_400_page_in_words_not_a_500(string path, string body)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = fixture.App.BaseAddress };
        var signIn = await http.GetStringAsync(new Uri("/account/signin", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(signIn, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        using var content = new StringContent($"__RequestVerificationToken={Uri.EscapeDataString(token)}&{body}", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, TestContext.Current.CancellationToken);
        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The request could not be read", page, StringComparison.Ordinal);
        Assert.Contains("Nothing was saved", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_return_address_with_a_tab_signs_in_and_lands_on_the_home_page()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = fixture.App.BaseAddress };
        var signIn = await http.GetStringAsync(new Uri("/account/signin", UriKind.Relative), TestContext.Current.CancellationToken);
        var token = System.Text.RegularExpressions.Regex.Match(signIn, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;

        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["persona"] = "alice", ["returnUrl"] = "/inbox\tx" });
        using var response = await http.PostAsync(new Uri("/account/persona", UriKind.Relative), content, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_out_in_one_tab_ends_the_open_page_in_another_and_a_copy_of_the_old_cookie()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(ImageSharePortal.Sandbox.SandboxDirectory.Projects.Single(p => p.Name == "orbital-images").Id, "Two tabs Alma", ct: TestContext.Current.CancellationToken);
        var borealis = ImageSharePortal.Sandbox.SandboxDirectory.Projects.Single(p => p.Name == "borealis-web").Id;
        await fixture.Sandbox.AddMemberAsync(ImageSharePortal.Sandbox.SandboxDirectory.Projects.Single(p => p.Name == "orbital-images").Id, imageId, borealis, TestContext.Current.CancellationToken);

        var first = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(first, "erin", "/inbox");
        var cookie = (await first.Context.CookiesAsync()).Single(c => c.Name == "isp.session");
        var second = await first.Context.NewPageAsync();
        await PortalPages.GotoInteractiveAsync(second, "/inbox");
        await Assertions.Expect(second.Locator($"[data-image-id='{imageId}']")).ToBeVisibleAsync();

        // Sign out in the first tab.
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await first.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");

        // The second tab's live page can no longer act for the project.
        await second.Locator($"[data-image-id='{imageId}']").GetByRole(AriaRole.Button, new() { Name = "Accept Two tabs Alma" }).ClickAsync();
        await Assertions.Expect(second.GetByTestId("inbox-outcome")).ToContainTextAsync("not signed in");
        Assert.Equal("pending", await fixture.Sandbox.MemberStatusAsync(borealis, imageId, TestContext.Current.CancellationToken));

        // A copy of the cookie from before signs nobody in.
        var replay = await fixture.NewPageAsync();
        await replay.Context.AddCookiesAsync([new Cookie { Name = cookie.Name, Value = cookie.Value, Domain = cookie.Domain, Path = cookie.Path }]);
        await replay.GotoAsync("/inbox");
        await replay.WaitForURLAsync(url => url.Contains("/account/signin", StringComparison.Ordinal));
        await first.Context.CloseAsync();
        await replay.Context.CloseAsync();
    }
}
