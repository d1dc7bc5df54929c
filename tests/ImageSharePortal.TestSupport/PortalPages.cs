using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ImageSharePortal.TestSupport;

/// <summary>Browser helpers every portal test uses, whatever the sign-in: the live-circuit marker, screenshots, axe.</summary>
public static class PortalPages
{
    /// <summary>Prerendered buttons do nothing until the circuit is live: wait for the page's interactive marker.</summary>
    public static Task WaitInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached });

    public static async Task GotoInteractiveAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await WaitInteractiveAsync(page);
    }

    /// <summary>Waits until the page is on the path of <paramref name="url"/> (its query left out).</summary>
    public static Task WaitForPathAsync(IPage page, string url) =>
        page.WaitForURLAsync(address => new Uri(address).AbsolutePath == url.Split('?')[0]);

    /// <summary>A whole-page screenshot <c>name.png</c> in <paramref name="directory"/>.</summary>
    public static Task ScreenshotAsync(IPage page, string directory, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });

    /// <summary>Runs axe on the page and returns the serious or critical violations, readable.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        // axe reads colours as painted: a notice still fading in (a snackbar that another action brought) is half
        // transparent, so wait until every finite animation has ended (spinners run forever and are left alone).
        await page.WaitForFunctionAsync("""
            () => document.getAnimations().every(a => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)
            """);
        var result = await page.RunAxe();
        return [.. result.Violations
            .Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html).Take(3))}")];
    }
}
