using System.Text.RegularExpressions;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Auth.Organisation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.FederationTests.Journeys;

/// <summary>People sign in through the provider's own page; the portal acts for the project Keystone's mapping gives them.</summary>
public sealed class OrganisationSignInTests(FederationFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FederationEnvironment Env => fixture.Environment;

    [Fact]
    public async Task Sign_out_also_ends_the_providers_session_so_the_next_visit_asks_for_a_password_again()
    {
        var page = await fixture.NewPageAsync();
        await ProviderPage.SignInAtAsync(page, Env.Producer, "/images");
        await ProviderPage.WaitInteractiveAsync(page);
        var session = await SessionOfAsync(page);
        Assert.NotNull(session);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        // Through the provider's end-session endpoint and back to the catalogue, signed out.
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/" && new Uri(url).Port == fixture.Portal.BaseAddress.Port);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Null(fixture.Portal.Services.GetRequiredService<KeystoneSessionStore>().Find(session.Id));

        // The next person at this browser gets the provider's form, not the first person's project.
        await page.GotoAsync("/images");
        await Assertions.Expect(page.Locator("#username")).ToBeVisibleAsync();
        Assert.NotEqual(fixture.Portal.BaseAddress.Port, new Uri(page.Url).Port);
        await ProviderPage.ScreenshotAsync(page, "25-federated-signed-out-asks-again");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_producer_shares_with_the_consumers_project_and_the_consumer_accepts_both_signed_in_through_the_provider()
    {
        var name = "Fed share " + Guid.NewGuid().ToString("N")[..8];
        var imageId = await fixture.Api.CreateSharedImageAsync(Env.Producer, name, Ct);
        try
        {
            // The consumer signs in first (the portal then knows its project by name) and keeps the inbox open.
            var consumer = await fixture.NewPageAsync();
            await ProviderPage.SignInAtAsync(consumer, Env.Consumer, "/inbox");
            await ProviderPage.WaitInteractiveAsync(consumer);

            // A deep link while signed out: the provider's page, then back on the same page, acting for the mapped project.
            var producer = await fixture.NewPageAsync();
            await ProviderPage.SignInAtAsync(producer, Env.Producer, $"/images/{imageId}");
            await ProviderPage.WaitInteractiveAsync(producer);
            await Assertions.Expect(producer.GetByText(Env.Producer.ProjectName!).First).ToBeVisibleAsync();
            var session = await SessionOfAsync(producer);
            Assert.NotNull(session);
            Assert.Equal(Env.Producer.ProjectId, Assert.Single(session.Projects).Id);
            Assert.NotNull(session.Federation?.RefreshToken);

            await producer.GetByLabel("Consumer project ID").FillAsync(Env.Consumer.ProjectId!);
            await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
            await Assertions.Expect(producer.GetByTestId("add-member-outcome")).ToHaveAttributeAsync("data-outcome", "added");
            await Assertions.Expect(producer.Locator($"tr[data-member='{Env.Consumer.ProjectId}']")).ToContainTextAsync("pending");
            await ProviderPage.ScreenshotAsync(producer, "20-federated-producer-shared");

            // The second person, in a browser of their own, has the inbox open: the share arrives there live; they accept it.
            var item = consumer.Locator($"[data-image-id='{imageId}']");
            await Assertions.Expect(item).ToContainTextAsync(name);
            await item.GetByRole(AriaRole.Button, new() { Name = $"Accept {name}" }).ClickAsync();
            await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Accepted") }).ClickAsync();
            await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}']")).ToContainTextAsync("accepted");
            await ProviderPage.ScreenshotAsync(consumer, "21-federated-consumer-accepted");

            Assert.Equal("accepted", await fixture.Api.MemberStatusAsync(Env.Consumer, imageId, Ct));
        }
        finally
        {
            await fixture.Api.DeleteImageAsync(Env.Producer, imageId);
        }
    }

    [Fact]
    public async Task A_person_mapped_to_no_project_sees_who_to_ask_and_gets_no_session()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/inbox");
        await ProviderPage.SubmitAsync(page, Env.NoMapping);
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/no-projects");
        await Assertions.Expect(page.GetByTestId("no-projects")).ToContainTextAsync("not map your account to any project");
        await Assertions.Expect(page.GetByTestId("support-contact")).ToHaveTextAsync(FederationPortal.SupportContact);
        await ProviderPage.ScreenshotAsync(page, "22-federated-not-mapped");
        Assert.Null(await SessionOfAsync(page));

        // Still no portal session: a portal page goes through the provider again (single sign-on) and ends on the same page.
        await page.GotoAsync("/inbox");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/account/no-projects");
        Assert.Null(await SessionOfAsync(page));

        // "Sign in with another account" asks the provider for a login, not its single sign-on: someone else signs in.
        await page.GetByTestId("another-account").ClickAsync();
        await Assertions.Expect(page.Locator("#username")).ToBeVisibleAsync();
        await ProviderPage.SubmitAsync(page, Env.Consumer);
        await page.WaitForURLAsync(url => new Uri(url).Port == fixture.Portal.BaseAddress.Port && new Uri(url).AbsolutePath != "/account/no-projects");
        var session = await SessionOfAsync(page);
        Assert.NotNull(session);
        Assert.Equal(Env.Consumer.ProjectId, Assert.Single(session.Projects).Id);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_session_renews_silently_from_the_refresh_token_and_the_old_Keystone_tokens_are_revoked()
    {
        var page = await fixture.NewPageAsync();
        await ProviderPage.SignInAtAsync(page, Env.Consumer, "/inbox");
        var session = await SessionOfAsync(page);
        Assert.NotNull(session);
        var oldScoped = session.ScopedTo(Env.Consumer.ProjectId)!;
        var oldUnscoped = session.Unscoped!;
        Assert.NotNull(session.Federation?.RefreshToken);

        var renewal = fixture.Portal.Services.GetRequiredService<OrganisationTokenRenewal>();
        var expiresAt = await renewal.RenewAsync(session, Env.Consumer.ProjectId!, Ct);

        Assert.NotNull(expiresAt);
        var newScoped = session.ScopedTo(Env.Consumer.ProjectId)!;
        Assert.NotEqual(oldScoped.Value, newScoped.Value);
        Assert.NotEqual(oldUnscoped.Value, session.Unscoped!.Value);
        Assert.NotNull(session.Federation.RefreshToken);
        Assert.True(await fixture.Api.IsValidAsync(newScoped.Value, Ct));
        Assert.False(await fixture.Api.IsValidAsync(oldScoped.Value, Ct));
        Assert.False(await fixture.Api.IsValidAsync(oldUnscoped.Value, Ct));

        // The page keeps working with the renewed token.
        await page.ReloadAsync();
        await ProviderPage.WaitInteractiveAsync(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Pending") })).ToBeVisibleAsync();
    }

    /// <summary>The Keystone session the portal holds for a browser context (read through the portal's own cookie format).</summary>
    private async Task<KeystoneSession?> SessionOfAsync(IPage page)
    {
        var cookie = (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == "isp.session");
        if (cookie is null)
        {
            return null;
        }

        var options = fixture.Portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var sessionId = options.TicketDataFormat.Unprotect(cookie.Value)?.Principal.FindFirst(PortalClaims.SessionId)?.Value;
        return fixture.Portal.Services.GetRequiredService<KeystoneSessionStore>().Find(sessionId);
    }
}
