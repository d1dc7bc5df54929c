namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>Page-object helpers: the Keystone sign-in form, screenshots in this suite's artifacts.</summary>
public static class PortalPage
{
    public static async Task OpenSignInAsync(IPage page, string returnUrl = "/inbox")
    {
        await page.GotoAsync($"/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }

    /// <summary>Fills the password form (project optional) and submits it; does not wait for where it lands.</summary>
    public static async Task SubmitPasswordAsync(IPage page, string user, string password, string? project = null)
    {
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        if (project is not null)
        {
            await page.GetByLabel("Project").FillAsync(project);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Signs in through the page, naming the project (no picker), and waits to land on <paramref name="returnUrl"/>.</summary>
    public static async Task SignInAsync(IPage page, OpenStackUser user, string returnUrl = "/inbox", bool nameProject = true)
    {
        await OpenSignInAsync(page, returnUrl);
        await SubmitPasswordAsync(page, user.Name, user.Password, nameProject ? user.ProjectName : null);
        await PortalPages.WaitForPathAsync(page, returnUrl);
    }

    public static Task ScreenshotAsync(IPage page, string name) => PortalPages.ScreenshotAsync(page, OpenStackFixture.ArtifactsDirectory, name);
}
