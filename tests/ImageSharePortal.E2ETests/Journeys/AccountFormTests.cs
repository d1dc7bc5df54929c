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
}
