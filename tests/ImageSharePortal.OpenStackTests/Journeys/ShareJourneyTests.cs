using System.Net;
using System.Text.RegularExpressions;

namespace ImageSharePortal.OpenStackTests.Journeys;

/// <summary>The member workflow through the portal against the real Glance, each person signed in with Keystone.</summary>
public sealed class ShareJourneyTests(OpenStackFixture fixture) : OpenStackTest(fixture)
{
    [Fact]
    public async Task The_producer_shares_the_consumer_accepts_and_Glance_lists_the_image_for_the_consumer()
    {
        var (imageId, name) = await CreateSharedImageAsync("OS share");

        // The consumer (one project: no picker) signs in, so the portal knows its project, and keeps its inbox open.
        var consumer = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, Env.Consumer, "/inbox", nameProject: false);
        await PortalPages.WaitInteractiveAsync(consumer);

        // The producer signs in through the sign-in page and adds the consumer's project.
        var producer = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, Env.Producer, $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByLabel("Consumer project ID").FillAsync(Env.Consumer.ProjectId);
        await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("add-member-outcome")).ToHaveAttributeAsync("data-outcome", "added");
        await Assertions.Expect(producer.Locator($"tr[data-member='{Env.Consumer.ProjectId}']")).ToContainTextAsync("pending");
        await Assertions.Expect(producer.Locator($"tr[data-member='{Env.Consumer.ProjectId}']")).ToContainTextAsync(Env.Consumer.ProjectName);
        await PortalPage.ScreenshotAsync(producer, "10-producer-shared");

        // It appears in the open inbox without a reload, pending, named after the producer's project.
        var item = consumer.Locator($"[data-image-id='{imageId}']");
        await Assertions.Expect(item).ToContainTextAsync($"Shared by {Env.Producer.ProjectName}");
        await Assertions.Expect(item).ToContainTextAsync(name);
        await PortalPage.ScreenshotAsync(consumer, "11-consumer-pending");
        Assert.DoesNotContain(imageId, await Api.DefaultImageIdsAsync(Env.Consumer, Ct));

        await item.GetByRole(AriaRole.Button, new() { Name = $"Accept {name}" }).ClickAsync();
        await consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Accepted") }).ClickAsync();
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}']")).ToContainTextAsync("accepted");
        await PortalPage.ScreenshotAsync(consumer, "12-consumer-accepted");

        // As Glance reports it: accepted, and in the consumer's default image list.
        Assert.Equal("accepted", await Api.MemberStatusAsync(Env.Consumer, imageId, Ct));
        Assert.Contains(imageId, await Api.DefaultImageIdsAsync(Env.Consumer, Ct));

        // The producer sees the member's status as Glance reports it.
        await producer.ReloadAsync();
        await Assertions.Expect(producer.Locator($"tr[data-member='{Env.Consumer.ProjectId}']")).ToContainTextAsync("accepted");
    }

    [Fact]
    public async Task The_stranger_sees_nothing_of_a_share_to_another_project()
    {
        var (imageId, _) = await CreateSharedImageAsync("OS private share");
        await Api.AddMemberAsync(Env.Producer, imageId, Env.Consumer.ProjectId, Ct);

        var stranger = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(stranger, Env.Stranger, "/inbox", nameProject: false);
        await PortalPages.WaitInteractiveAsync(stranger);
        foreach (var tab in new[] { "Pending", "Accepted", "Rejected" })
        {
            await stranger.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^{tab}") }).ClickAsync();
            await Assertions.Expect(stranger.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^{tab}"), Selected = true })).ToBeVisibleAsync();
            await Assertions.Expect(stranger.Locator($"[data-image-id='{imageId}']")).ToHaveCountAsync(0);
        }

        await PortalPages.GotoInteractiveAsync(stranger, $"/images/{imageId}");
        await Assertions.Expect(stranger.GetByTestId("data-not-found")).ToContainTextAsync("is visible to your project");
        await Assertions.Expect(stranger.GetByRole(AriaRole.Heading, new() { Name = "Image not found", Level = 1 })).ToBeVisibleAsync();
        await PortalPage.ScreenshotAsync(stranger, "13-stranger-not-found");
        Assert.Equal(HttpStatusCode.NotFound, await Api.GetImageStatusCodeAsync(Env.Stranger, imageId, Ct));
        Assert.DoesNotContain(imageId, await Api.DefaultImageIdsAsync(Env.Stranger, Ct));
    }

    [Fact]
    public async Task The_producer_cannot_change_a_members_status()
    {
        var (imageId, name) = await CreateSharedImageAsync("OS owner status");
        await Api.AddMemberAsync(Env.Producer, imageId, Env.Consumer.ProjectId, Ct);

        var producer = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, Env.Producer, $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        var row = producer.Locator($"tr[data-member='{Env.Consumer.ProjectId}']");
        await Assertions.Expect(row).ToContainTextAsync("pending");
        // The row's actions: an end date, a reminder, removal; none of them sets the member's status.
        await Assertions.Expect(row.Locator("button:not(.copy-button)")).ToHaveTextAsync(["End date…", "Remind", "Remove"]);

        // The producer's inbox is about shares to its project, not its own images.
        await PortalPages.GotoInteractiveAsync(producer, "/inbox");
        await Assertions.Expect(producer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex("^Pending") })).ToBeVisibleAsync();
        await Assertions.Expect(producer.GetByRole(AriaRole.Button, new() { Name = $"Accept {name}" })).ToHaveCountAsync(0);

        // Glance itself refuses the owner, and the status stays as the consumer left it.
        Assert.Equal(HttpStatusCode.Forbidden, await Api.SetMemberStatusAsync(Env.Producer, imageId, Env.Consumer.ProjectId, "accepted", Ct));
        Assert.Equal("pending", await Api.MemberStatusAsync(Env.Consumer, imageId, Ct));
    }
}
