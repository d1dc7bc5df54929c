using System.Net;
using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Look;

/// <summary>
/// One look on every page: focus that can be seen on every Tab stop, light and dark (the system's or the person's
/// choice, remembered), phones (tables as stacked cards), axe in both themes at both widths, screenshots of each.
/// </summary>
public sealed class LookAndFocusTests(BrowserFixture fixture)
{
    private static readonly SandboxProject Orbital = SandboxDirectory.Projects.Single(p => p.Name == "orbital-images");
    private static readonly SandboxProject Delta = SandboxDirectory.Projects.Single(p => p.Name == "delta-hpc");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Themes => new(["light", "dark"]);

    [Theory]
    [MemberData(nameof(Themes))]
    public async Task Every_tab_stop_on_every_page_shows_a_focus_outline_of_at_least_3_to_1(string theme)
    {
        var (producer, consumer, visitor, pages) = await OpenPagesAsync(theme, 1280);
        var failures = new List<string>();
        foreach (var (page, path) in pages(producer, consumer, visitor))
        {
            await OpenAsync(page, path);
            var stops = await FocusProbe.TabThroughAsync(page);
            Assert.True(stops.Count >= 3, $"{path}: only {stops.Count} Tab stops were found");
            failures.AddRange(stops.Where(s => s.Problem is not null).Select(s => $"{theme} {path}: {s.Element}: {s.Problem}"));
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("light", 1280)]
    [InlineData("dark", 1280)]
    [InlineData("light", 390)]
    [InlineData("dark", 390)]
    [InlineData("light", 390, "de")] // German words are longer: the phone is where they would not fit
    [InlineData("dark", 1280, "de")]
    public async Task Every_page_passes_axe_and_fits_the_screen_in_each_theme_and_width(string theme, int width, string language = "en")
    {
        var (producer, consumer, visitor, pages) = await OpenPagesAsync(theme, width, language);
        var failures = new List<string>();
        foreach (var (page, path) in pages(producer, consumer, visitor))
        {
            await OpenAsync(page, path);
            Assert.Equal(theme, await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
            Assert.Equal(language, await page.EvaluateAsync<string>("() => document.documentElement.lang"));
            failures.AddRange((await PortalPages.SeriousAccessibilityViolationsAsync(page)).Select(v => $"{path}: {v}"));
            var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
            if (overflow > 1)
            {
                failures.Add($"{path}: the page is {overflow} px wider than the {width} px screen");
            }

            var offScreen = await page.EvaluateAsync<string[]>("""
                () => [...document.querySelectorAll('main button, main a[href], main input, main select')]
                  .filter(e => e.offsetParent !== null && !e.closest('.visually-hidden, .skip-link'))
                  .filter(e => { const r = e.getBoundingClientRect(); return r.right > window.innerWidth + 1 || r.left < -1; })
                  .map(e => (e.getAttribute('aria-label') || e.textContent || e.tagName).trim().slice(0, 40))
                """);
            failures.AddRange(offScreen.Select(e => $"{path}: '{e}' is off screen at {width} px"));
            var tableRows = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('.stack-on-phone tbody tr')].map(r => getComputedStyle(r).display)");
            var expected = width < 600 ? "block" : "table-row";
            failures.AddRange(tableRows.Where(d => d != expected).Select(d => $"{path}: a table row is '{d}', not '{expected}', at {width} px"));
            await PortalPage.ScreenshotAsync(page, $"look-{theme}-{width}{(language == "en" ? "" : "-" + language)}-{ScreenshotName(path)}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Dark_mode_follows_the_system_until_chosen_and_the_choice_is_remembered_across_pages()
    {
        var page = await fixture.NewPageAsync();
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync("/catalogue");
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" });
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        var pressedLook = await toggle.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        var darkBackground = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.Equal("rgb(18, 20, 23)", darkBackground);

        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await page.Mouse.MoveAsync(0, 600); // not hovered
        await toggle.BlurAsync();
        Assert.NotEqual(pressedLook, await toggle.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor")); // on and off look different
        Assert.Equal("light", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        Assert.Equal("rgb(255, 255, 255)", await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor"));

        // Remembered: on the next page, after signing in (a live page), and over the system's preference.
        await PortalPage.SignInAsync(page, "alice", "/images");
        await PortalPages.WaitInteractiveAsync(page);
        Assert.Equal("light", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Inbox" }).ClickAsync();
        await page.WaitForURLAsync("**/inbox");
        Assert.Equal("light", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" }).ClickAsync();
        await page.ReloadAsync();
        Assert.Equal("dark", await page.EvaluateAsync<string>("() => document.documentElement.dataset.theme"));
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark mode" })).ToHaveAttributeAsync("aria-pressed", "true");
    }

    [Fact]
    public async Task Each_inbox_card_is_one_tab_stop_and_the_arrow_keys_reach_its_other_controls()
    {
        // Its own portal and sandbox: other tests' shares for the same project would change this inbox while it runs.
        await using var app = new PortalApp(new() { ["Portal:InboxRefreshInterval"] = "00:00:01" });
        app.StartServer();
        using var sandbox = await SandboxApi.ForAsync(app);
        var first = await sandbox.CreateImageAsync(Orbital.Id, "Roving one", ct: Ct);
        var second = await sandbox.CreateImageAsync(Orbital.Id, "Roving two", ct: Ct);
        await sandbox.AddMemberAsync(Orbital.Id, first, Delta.Id, Ct);
        await sandbox.AddMemberAsync(Orbital.Id, second, Delta.Id, Ct);
        var page = await fixture.NewPageAsync(app);
        await PortalPage.SignInAsync(page, "grace", "/inbox");
        await PortalPages.WaitInteractiveAsync(page);
        await Assertions.Expect(page.Locator($"[data-image-id='{second}']")).ToBeVisibleAsync();
        Assert.All(await TabStopsPerCardAsync(page), count => Assert.Equal(1, count));
        await Assertions.Expect(page.GetByRole(AriaRole.Tablist, new() { Name = "Shares by status" })).ToBeVisibleAsync(); // the tablist itself is named

        // Tab from the card's Accept goes to the next card's Accept; arrows move within the card, and Tab then leaves it.
        var card = page.Locator($"[data-image-id='{first}']");
        await card.GetByRole(AriaRole.Button, new() { Name = "Accept Roving one" }).FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal("Reject Roving one", await KeyboardSteps.ActiveLabelAsync(page));
        await page.Keyboard.PressAsync("Home");
        Assert.Equal("Select Roving one", await KeyboardSteps.ActiveLabelAsync(page));
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal("Reject Roving one", await KeyboardSteps.ActiveLabelAsync(page)); // wraps to the last control
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Reject Roving one", await KeyboardSteps.ActiveLabelAsync(page)); // the control reached stays the card's Tab stop

        // A share arriving while the person is on a card (the quiet refresh renders it) leaves focus and Tab stops alone.
        var third = await sandbox.CreateImageAsync(Orbital.Id, "Roving three", ct: Ct);
        await sandbox.AddMemberAsync(Orbital.Id, third, Delta.Id, Ct);
        await Assertions.Expect(page.Locator($"[data-image-id='{third}']")).ToBeVisibleAsync();
        Assert.Equal("Reject Roving one", await KeyboardSteps.ActiveLabelAsync(page));
        var stops = await TabStopsPerCardAsync(page);
        Assert.True(stops.Length >= 3);
        Assert.All(stops, count => Assert.Equal(1, count));
        await page.Context.CloseAsync();
    }

    private static Task<int[]> TabStopsPerCardAsync(IPage page) => page.EvaluateAsync<int[]>("""
        () => [...document.querySelectorAll('.inbox-item[data-status=pending]')]
          .map(c => [...c.querySelectorAll('button, input, a[href]')].filter(e => !e.disabled && e.tabIndex >= 0).length)
        """);

    [Theory]
    [MemberData(nameof(Themes))]
    public async Task A_live_notice_passes_axe_in_each_theme_and_its_open_action_goes_to_its_page(string theme)
    {
        // The suite's portal: other tests' news may show beside this one, so the notice is found by its words.
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, $"Notice image {theme}", ct: Ct);
        var listing = await fixture.App.AddListingAsync(imageId, $"Notice listing {theme} {Guid.NewGuid():N}"[..30], Orbital);
        var producer = await fixture.NewPageAsync();
        await producer.SetViewportSizeAsync(390, 844);
        await producer.Context.AddInitScriptAsync($"localStorage.setItem('isp-theme', '{theme}')");
        await PortalPage.SignInAsync(producer, "alice", "/my-requests"); // a light page: axe is done well within the notice's 15 s
        await PortalPages.WaitInteractiveAsync(producer);

        // A visitor asks for the image: the producer's open page shows the news with its "Open" action.
        var visitor = await fixture.NewPageAsync();
        await visitor.GotoAsync($"/catalogue/{listing.Id}");
        await visitor.GetByTestId("request-access-link").ClickAsync();
        await visitor.GetByLabel("Your project ID").FillAsync(Delta.Id);
        await visitor.GetByLabel("Your email").FillAsync("notice@delta.example");
        await visitor.GetByRole(AriaRole.Button, new() { Name = "Request access" }).ClickAsync();
        await Assertions.Expect(visitor.GetByTestId("request-sent")).ToBeVisibleAsync();

        var notice = producer.Locator(".mud-snackbar", new() { HasText = $"New access request for {listing.Title}" });
        await Assertions.Expect(notice).ToBeVisibleAsync();
        var open = notice.GetByRole(AriaRole.Button, new() { Name = "Open" });
        await Assertions.Expect(open).ToBeVisibleAsync();
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(producer));
        await PortalPage.ScreenshotAsync(producer, $"look-{theme}-390-live-notice");

        await open.ClickAsync();
        await producer.WaitForURLAsync("**/requests");
        await Assertions.Expect(producer.GetByText(listing.Title).First).ToBeVisibleAsync();

        // Approving there: the outcome names the project with its 32-digit ID, and still fits the 390 px screen.
        await producer.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex($"^Approve request of .+ for {listing.Title}$") }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("decision-message")).ToContainTextAsync(Delta.Id);
        Assert.True(await producer.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth") <= 0, "the page is wider than the screen");
        var close = producer.GetByTestId("decision-message").GetByRole(AriaRole.Button);
        Assert.True(await close.EvaluateAsync<bool>("b => b.getBoundingClientRect().right <= window.innerWidth"), "the message's close button is off screen");
        await producer.Context.CloseAsync();
        await visitor.Context.CloseAsync();
    }

    [Fact]
    public async Task The_first_tab_of_a_page_is_the_skip_link_and_going_to_another_page_focuses_its_heading()
    {
        var page = await fixture.NewPageAsync();
        // A static page's first load leaves focus to the browser: the first Tab is the skip link, not the search box.
        await page.GotoAsync("/catalogue");
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));

        // A live page: its circuit starting does not pull focus to the heading, so Tab still starts at the skip link.
        await PortalPage.SignInAsync(page, "grace", "/inbox");
        await PortalPages.WaitInteractiveAsync(page);
        Assert.Equal("BODY", await page.EvaluateAsync<string>("() => document.activeElement.tagName"));
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("skip-link", await page.EvaluateAsync<string>("() => document.activeElement.className"));

        // The live router showing another page focuses that page's heading.
        await page.GetByRole(AriaRole.Link, new() { Name = "My requests" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "My requests", Level = 1 })).ToBeFocusedAsync();

        // A starting circuit replaces the prerendered markup: restore() focuses the new copy of what had focus, and
        // leaves a focus that is already somewhere alone.
        Assert.Equal("Dark mode", await page.EvaluateAsync<string>("""
            () => {
              const toggle = document.querySelector('[data-theme-toggle]');
              toggle.focus();
              const copy = toggle.cloneNode(true);
              toggle.replaceWith(copy); // as Blazor does: the focused element is gone, focus is on the body
              if (document.activeElement !== document.body) return 'focus did not drop';
              portalFocus.restore();
              return document.activeElement === copy ? copy.textContent.trim() : 'not restored: ' + document.activeElement.tagName;
            }
            """));
        var skip = page.Locator(".skip-link");
        await skip.FocusAsync();
        await page.EvaluateAsync("() => portalFocus.restore()");
        await Assertions.Expect(skip).ToBeFocusedAsync();
    }

    [Fact]
    public async Task The_remove_dialog_focuses_cancel_and_enter_there_removes_nothing()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "Dialog focus image", ct: Ct);
        await fixture.Sandbox.AddMemberAsync(Orbital.Id, imageId, Delta.Id, Ct);
        var page = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(page, "alice", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove project {Delta.Name}" }).ClickAsync();
        var cancel = page.GetByTestId("confirm-cancel");
        await Assertions.Expect(cancel).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(cancel).Not.ToBeVisibleAsync();
        Assert.Equal("pending", await fixture.Sandbox.MemberStatusAsync(Delta.Id, imageId, Ct));
    }

    [Fact]
    public async Task A_german_browser_gets_the_catalogue_and_the_request_form_in_german_and_the_switch_remembers_english()
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, "German journey image", ct: Ct);
        var listing = await fixture.App.AddListingAsync(imageId, "Deutsches Debian", Orbital);
        var page = await fixture.NewPageAsync();
        await page.SetExtraHTTPHeadersAsync(new Dictionary<string, string> { ["Accept-Language"] = "de-DE,de;q=0.9" });

        await page.GotoAsync("/catalogue");
        Assert.Equal("de", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Image-Katalog", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Katalog" })).ToBeVisibleAsync();

        await page.GotoAsync($"/catalogue/{listing.Id}");
        await Assertions.Expect(page.GetByText("Geteilt von orbital-images")).ToBeVisibleAsync();
        await page.GetByTestId("request-access-link").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Zugriff auf Deutsches Debian anfragen" })).ToBeVisibleAsync();
        await page.GetByLabel("Ihre Projekt-ID").FillAsync(Delta.Id);
        await page.GetByLabel("Ihre E-Mail-Adresse").FillAsync("deutsch@delta.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Zugriff anfragen" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("request-sent")).ToContainTextAsync("Anfrage gesendet.");
        Assert.Empty(await PortalPages.SeriousAccessibilityViolationsAsync(page));
        await PortalPage.ScreenshotAsync(page, "look-german-request-sent");

        // The switch: English is remembered over the browser's German, on the next page too.
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Request access to Deutsches Debian" })).ToBeVisibleAsync();
        await page.GotoAsync("/catalogue");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Image catalogue", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));

        // An unknown language, or a return address off the site, changes nothing and goes nowhere else.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.App.BaseAddress };
        using var unknown = await http.GetAsync(new Uri("/culture?name=xx&returnUrl=/catalogue", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("This address could not be used", await unknown.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.False(unknown.Headers.Contains("Set-Cookie"));
        using var offSite = await http.GetAsync(new Uri("/culture?name=de&returnUrl=https://evil.example/", UriKind.Relative), Ct);
        Assert.Equal("/", offSite.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_page_number_that_is_not_a_number_is_a_400_with_the_first_page_and_a_sentence()
    {
        using var http = new HttpClient { BaseAddress = fixture.App.BaseAddress };
        using var bad = await http.GetAsync(new Uri("/catalogue?page=abc", UriKind.Relative), Ct);
        var body = await bad.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("data-testid=\"catalogue-bad-page\"", body, StringComparison.Ordinal);
        Assert.Contains("listing-grid", body, StringComparison.Ordinal); // the first page is still shown
        Assert.DoesNotMatch(">[^<]*abc[^<]*<", body); // the value is not echoed in the text (the language links carry the address, encoded)

        foreach (var path in new[] { "/catalogue?page=0", "/catalogue?page=-1", "/catalogue?page=99999999999" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using var good = await http.GetAsync(new Uri("/catalogue?page=1", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
    }

    /// <summary>A stable file name for a page: the IDs in its address become what they stand for.</summary>
    private static string ScreenshotName(string path) =>
        System.Text.RegularExpressions.Regex.Replace(path.Trim('/'), "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "one")
            .Replace('/', '-').Replace('?', '-');


    private static async Task OpenAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        if (await page.Locator("[data-interactive]").CountAsync() > 0)
        {
            await PortalPages.WaitInteractiveAsync(page);
        }

        await page.Locator("[data-testid=data-loading]").WaitForAsync(new() { State = WaitForSelectorState.Detached });
    }

    private async Task<(IPage Producer, IPage Consumer, IPage Visitor, Func<IPage, IPage, IPage, IEnumerable<(IPage, string)>> Pages)> OpenPagesAsync(string theme, int width, string language = "en")
    {
        var imageId = await fixture.Sandbox.CreateImageAsync(Orbital.Id, $"Look image {theme} {width} {language}", ct: Ct);
        await fixture.Sandbox.AddMemberAsync(Orbital.Id, imageId, Delta.Id, Ct);
        var listing = await fixture.App.AddListingAsync(imageId, $"Look listing {theme} {width} {language}", Orbital);

        async Task<IPage> NewAsync()
        {
            var page = await fixture.NewPageAsync();
            await page.SetViewportSizeAsync(width, 900);
            await page.Context.AddInitScriptAsync($"localStorage.setItem('isp-theme', '{theme}')");
            // The language as the switcher remembers it (the culture cookie), so every request and the circuit speak it.
            await page.Context.AddCookiesAsync([new() { Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={language}|uic={language}"), Url = fixture.App.BaseAddress.ToString() }]);
            return page;
        }

        var producer = await NewAsync();
        await PortalPage.SignInAsync(producer, "alice", "/images");
        var consumer = await NewAsync();
        await PortalPage.SignInAsync(consumer, "grace", "/inbox");
        var visitor = await NewAsync();
        return (producer, consumer, visitor, (p, c, v) =>
        [
            (v, "/catalogue"), (v, $"/catalogue/{listing.Id}"), (v, "/account/signin"), (v, "/no-such-page"),
            (p, "/images"), (p, $"/images/{imageId}"), (p, "/requests"), (p, "/history"), (p, "/dashboard"),
            (c, "/inbox"), (c, "/my-requests"),
        ]);
    }
}
