namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>What a keyboard user does and sees: Tab until a control is reached, and the name of the focused control.</summary>
public static class KeyboardSteps
{
    /// <summary>Presses Tab until <paramref name="condition"/> (a JavaScript expression) holds; fails after <paramref name="maxTabs"/>.</summary>
    public static async Task TabUntilAsync(IPage page, string condition, int maxTabs = 80)
    {
        ArgumentNullException.ThrowIfNull(page);
        for (var i = 0; i < maxTabs; i++)
        {
            if (await page.EvaluateAsync<bool>($"() => !!document.activeElement && ({condition})"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Fail($"Focus never reached the element ({condition}) within {maxTabs} Tab presses.");
    }

    /// <summary>The focused control's accessible label, else its text.</summary>
    public static Task<string> ActiveLabelAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.EvaluateAsync<string>("() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim()");
    }
}
