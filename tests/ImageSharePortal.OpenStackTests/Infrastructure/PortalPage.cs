using Deque.AxeCore.Playwright;

namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>Page-object helpers: the Keystone sign-in form, the live-circuit marker, screenshots.</summary>
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
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == returnUrl.Split('?')[0]);
    }

    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(OpenStackFixture.ArtifactsDirectory, name + ".png"), FullPage = true });

    /// <summary>Runs axe on the page and returns the serious or critical violations, readable.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        var result = await page.RunAxe();
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html).Take(3))}")];
    }
}
