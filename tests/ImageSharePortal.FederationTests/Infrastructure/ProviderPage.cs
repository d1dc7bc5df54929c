namespace ImageSharePortal.FederationTests.Infrastructure;

/// <summary>Page-object helpers: the provider's own sign-in page (#username, #password, #signin) and the portal around it.</summary>
public static class ProviderPage
{
    /// <summary>Opens a portal page while signed out, signs in at the provider's page, and waits to be back on <paramref name="path"/>.</summary>
    public static async Task SignInAtAsync(IPage page, FederatedUser user, string path)
    {
        await page.GotoAsync(path);
        await SubmitAsync(page, user);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path.Split('?')[0]);
    }

    /// <summary>Fills the provider's sign-in page (wherever the portal sent the browser) and submits it.</summary>
    public static async Task SubmitAsync(IPage page, FederatedUser user)
    {
        await page.Locator("#username").FillAsync(user.Name);
        await page.Locator("#password").FillAsync(user.Password);
        await page.Locator("#signin").ClickAsync();
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(FederationFixture.ArtifactsDirectory, name + ".png"), FullPage = true });
}
