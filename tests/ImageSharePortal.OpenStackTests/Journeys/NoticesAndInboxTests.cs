using System.Text.RegularExpressions;

namespace ImageSharePortal.OpenStackTests.Journeys;

/// <summary>Every share reaches people against the real Keystone + Glance: emails from Keystone, an inbox that misses nothing.</summary>
public sealed class NoticesAndInboxTests(OpenStackFixture fixture) : OpenStackTest(fixture)
{
    [Fact]
    public async Task Keystone_emails_are_used_the_consumer_is_mailed_the_share_and_the_producer_its_acceptance()
    {
        const string producerEmail = "producer-keystone@isp.test";
        const string consumerEmail = "consumer-keystone@isp.test";
        await Api.SetUserEmailAsync(Env.Producer, producerEmail, Ct);
        await Api.SetUserEmailAsync(Env.Consumer, consumerEmail, Ct);
        try
        {
            await using var smtp = await SmtpSink.StartAsync();
            var settings = smtp.PortalSettings();
            settings["Email:PollInterval"] = "00:00:00.250";
            await using var portal = new OpenStackPortal(Env, settings);
            portal.StartServer();
            var (imageId, name) = await CreateSharedImageAsync("OS mailed");

            var consumer = await Fixture.NewPageAsync(portal);
            await PortalPage.SignInAsync(consumer, Env.Consumer, "/inbox", nameProject: false);
            await PortalPages.WaitInteractiveAsync(consumer);

            var producer = await Fixture.NewPageAsync(portal);
            await PortalPage.SignInAsync(producer, Env.Producer, $"/images/{imageId}");
            await PortalPages.WaitInteractiveAsync(producer);
            await producer.GetByLabel("Consumer project ID").FillAsync(Env.Consumer.ProjectId);
            await producer.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
            var outcome = producer.GetByTestId("add-member-outcome");
            await Assertions.Expect(outcome).ToHaveAttributeAsync("data-outcome", "added");
            await Assertions.Expect(outcome).ToContainTextAsync(consumerEmail);
            Assert.Equal("pending", await Api.MemberStatusAsync(Env.Consumer, imageId, Ct));

            // The consumer's Keystone address gets the image ID; its open inbox is told at once.
            var shared = await smtp.WaitForAsync(m => m.To.ToString() == consumerEmail && m.Subject?.Contains(imageId, StringComparison.Ordinal) == true);
            Assert.Contains(Env.Producer.ProjectName, shared.TextBody, StringComparison.Ordinal);
            Assert.Contains($"openstack image set --accept {imageId}", shared.TextBody, StringComparison.Ordinal);
            await Assertions.Expect(consumer.GetByText($"{Env.Producer.ProjectName} shared {name} with your project: it is in your inbox.")).ToBeVisibleAsync();

            // Accepting in the portal mails the producer at its Keystone address.
            await consumer.Locator($"[data-image-id='{imageId}']").GetByRole(AriaRole.Button, new() { Name = $"Accept {name}" }).ClickAsync();
            var accepted = await smtp.WaitForAsync(m => m.To.ToString() == producerEmail && m.Subject?.Contains("accepted", StringComparison.Ordinal) == true);
            Assert.Contains(imageId, accepted.TextBody, StringComparison.Ordinal);
            Assert.Equal("accepted", await Api.MemberStatusAsync(Env.Consumer, imageId, Ct));
            await consumer.Context.CloseAsync();
            await producer.Context.CloseAsync();
        }
        finally
        {
            await Api.SetUserEmailAsync(Env.Producer, null, CancellationToken.None);
            await Api.SetUserEmailAsync(Env.Consumer, null, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_project_that_owns_250_shared_images_sees_its_one_pending_share_with_the_count_glance_gives()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, 250), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = Ct },
            async (i, ct) => await CreateSharedImageAsync(Env.Consumer, $"consumer own {i:D3}", ct));
        var (imageId, name) = await CreateSharedImageAsync("OS one pending");
        await Api.AddMemberAsync(Env.Producer, imageId, Env.Consumer.ProjectId, Ct);
        var expected = await Api.SharedWithAsync(Env.Consumer, "pending", Ct);
        Assert.Contains(imageId, expected);

        var consumer = await Fixture.NewPageAsync();
        await PortalPage.SignInAsync(consumer, Env.Consumer, "/inbox", nameProject: false);
        await PortalPages.WaitInteractiveAsync(consumer);

        await Assertions.Expect(consumer.GetByRole(AriaRole.Tab, new() { NameRegex = new Regex($"^Pending \\({expected.Count}\\)") })).ToBeVisibleAsync();
        await Assertions.Expect(consumer.Locator($"[data-image-id='{imageId}'][data-status=pending]")).ToContainTextAsync(name);
        await PortalPage.ScreenshotAsync(consumer, "15-consumer-owning-250-sees-its-pending-share");
        await consumer.Context.CloseAsync();
    }
}
