namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>Page-object helpers of the embedded portal: persona sign-in, screenshots in this suite's artifacts.</summary>
public static class PortalPage
{
    public static async Task SignInAsync(IPage page, string persona, string returnUrl = "/")
    {
        await page.GotoAsync($"/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.Locator($"button[name=persona][value={persona}]").ClickAsync();
        await PortalPages.WaitForPathAsync(page, returnUrl);
    }

    public static Task ScreenshotAsync(IPage page, string name) => PortalPages.ScreenshotAsync(page, BrowserFixture.ArtifactsDirectory, name);
}
