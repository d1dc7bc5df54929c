using System.Text.RegularExpressions;

namespace ImageSharePortal.OpenStackTests.Journeys;

/// <summary>The Keystone account pages pass axe and work by keyboard alone, switcher included.</summary>
public sealed class AccountAccessibilityTests(OpenStackFixture fixture) : OpenStackTest(fixture)
{
    [Fact]
    public async Task Sign_in_picker_and_switcher_work_by_keyboard_and_have_no_serious_accessibility_violations()
    {
        var page = await Fixture.NewPageAsync();
        await page.GotoAsync("/account/signin?error=wrong-credentials");
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(page));
        await page.GotoAsync("/account/signin?method=application_credential");
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(page));
        await page.GotoAsync("/account/no-projects");
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(page));

        // Keyboard only: type into the focused fields, Tab between them, Enter submits.
        await page.GotoAsync("/account/signin?returnUrl=%2Finbox");
        await page.GetByLabel("User name").FocusAsync();
        await page.Keyboard.TypeAsync(Env.Producer.Name);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(Env.Producer.Password);
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(new Regex("/account/projects"));
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(Env.Producer.ProjectName)} ") }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/inbox");
        await PortalPages.WaitInteractiveAsync(page);

        // The switcher: open it with Enter; Tab skips the current (disabled) project and reaches the other one; Enter.
        await page.GetByText("Switch project").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(page));
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = Env.ProducerProject2Name, Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("project-id")).ToHaveTextAsync(Env.ProducerProject2Id);
    }
}
