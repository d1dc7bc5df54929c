using System.Globalization;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.OpenStackTests.Journeys;

/// <summary>
/// A time-limited share against the real Keystone and Glance: the producer sets the end on the image page; at the end the
/// portal's service account removes the member from Glance. The portal's clock is moved 25 minutes forward.
/// </summary>
public sealed class TimeLimitedShareTests(OpenStackFixture fixture) : OpenStackTest(fixture)
{
    [Fact]
    public async Task At_the_end_date_the_service_account_removes_the_member_from_Glance_once()
    {
        var (imageId, _) = await CreateSharedImageAsync("OS ending");
        var clock = new ShiftedClock();
        await using var portal = new OpenStackPortal(Env, new() { ["Shares:PollInterval"] = "00:00:00.300" }) { Clock = clock };
        portal.StartServer();

        var consumer = await Fixture.NewPageAsync(portal);
        await PortalPage.SignInAsync(consumer, Env.Consumer, "/inbox", nameProject: false);
        var producer = await Fixture.NewPageAsync(portal);
        await PortalPage.SignInAsync(producer, Env.Producer, $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        var endsAt = DateTimeOffset.UtcNow.AddMinutes(20);
        await producer.GetByLabel("Consumer project ID").FillAsync(Env.Consumer.ProjectId);
        await producer.Locator("#add-member-ends").FillAsync(endsAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("add-member-outcome")).ToHaveAttributeAsync("data-outcome", "added");
        Assert.Equal("pending", await Api.MemberStatusAsync(Env.Consumer, imageId, Ct));

        await PortalPages.GotoInteractiveAsync(consumer, "/inbox");
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}']").GetByTestId("share-ends")).ToContainTextAsync("ends in");

        clock.Advance(TimeSpan.FromMinutes(25));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await Api.MemberStatusAsync(Env.Consumer, imageId, Ct) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250, Ct);
        }

        Assert.Null(await Api.MemberStatusAsync(Env.Consumer, imageId, Ct));
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var term = await db.ShareTerms.AsNoTracking().SingleAsync(t => t.ImageId == imageId, Ct);
        Assert.Equal(ShareEndState.Ended, term.EndState);
        var ended = await db.AuditEvents.AsNoTracking().Where(e => e.ImageId == imageId && e.Action == AuditActions.ShareEnded).ToListAsync(Ct);
        Assert.Equal(AuditOutcome.Succeeded, Assert.Single(ended).Outcome);
        await PortalPage.ScreenshotAsync(producer, "40-producer-end-date-set");
    }
}
