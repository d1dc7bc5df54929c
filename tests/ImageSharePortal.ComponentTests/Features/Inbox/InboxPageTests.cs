using ImageSharePortal.Images;
using ImageSharePortal.Web.Features.Inbox;

namespace ImageSharePortal.ComponentTests.Features.Inbox;

public sealed class InboxPageTests : PortalTestContext
{
    public InboxPageTests() => SignInAs(ConsumerProject, "atlas-analytics");

    [Fact]
    public void Shows_loading_then_empty_tabs()
    {
        Images.Gate = new TaskCompletionSource();

        var cut = Render<InboxPage>();
        cut.Find("[data-testid=data-loading]");
        Images.Gate.SetResult();

        cut.WaitForElement("[data-testid=inbox-empty-pending]");
        Assert.Contains("Pending (0)", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Accepted (0)", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Rejected (0)", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Own_images_filling_whole_pages_do_not_hide_a_pending_share_and_the_producer_is_named()
    {
        for (var i = 0; i < 1100; i++)
        {
            Images.AddImage($"own-{i:D4}", ConsumerProject, name: $"Own {i:D4}");
        }

        Images.AddImage("zz-shared", ProducerProject, name: "Shared with me");
        Images.Share("zz-shared", ConsumerProject);
        KnowProject(ProducerProject, "orbital-images");

        var cut = Render<InboxPage>();

        cut.WaitForAssertion(() => Assert.Contains("Pending (1)", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("Shared by orbital-images", cut.Find("[data-image-id=zz-shared]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_tabs_are_paged_and_every_share_can_be_reached()
    {
        for (var i = 0; i < 45; i++)
        {
            Images.AddImage($"img-{i:D2}", ProducerProject, name: $"Image {i:D2}");
            Images.Share($"img-{i:D2}", ConsumerProject);
        }

        var cut = Render<InboxPage>();
        cut.WaitForAssertion(() => Assert.Contains("Pending (45)", cut.Markup, StringComparison.Ordinal));
        Assert.Equal("Showing 1–20 of 45", cut.Find("[data-testid=inbox-range-pending]").TextContent);
        var seen = cut.FindAll("[data-status=pending][data-image-id]").Select(e => e.GetAttribute("data-image-id")).ToHashSet();

        cut.Find("[data-testid=inbox-pages-pending] button[aria-label='Last page']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Showing 41–45 of 45", cut.Find("[data-testid=inbox-range-pending]").TextContent));
        seen.UnionWith(cut.FindAll("[data-status=pending][data-image-id]").Select(e => e.GetAttribute("data-image-id")));
        Assert.Equal(25, seen.Count);
    }

    [Fact]
    public void Refresh_picks_up_a_share_made_elsewhere_without_a_loading_flash()
    {
        var cut = Render<InboxPage>();
        cut.WaitForElement("[data-testid=inbox-empty-pending]");
        Images.AddImage("cli-1", ProducerProject, name: "Shared from the CLI");
        Images.Share("cli-1", ConsumerProject);
        Images.Gate = new TaskCompletionSource();

        cut.Find("[data-testid=inbox-refresh]").Click();

        Assert.Empty(cut.FindAll("[data-testid=data-loading]"));
        Assert.Contains("Refreshing", cut.Find("[data-testid=inbox-refresh]").TextContent, StringComparison.Ordinal);
        Images.Gate.SetResult();
        cut.WaitForAssertion(() => Assert.Contains("Pending (1)", cut.Markup, StringComparison.Ordinal));
        Assert.Single(cut.FindAll("[data-image-id=cli-1]"));
        Assert.Contains("Up to date as of", cut.Find("[data-testid=inbox-refreshed]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_error_with_retry()
    {
        Images.FailWith = ImagesError.Unavailable;
        Images.AddImage("img-1", ProducerProject, name: "Rocky 9");
        Images.Share("img-1", ConsumerProject);

        var cut = Render<InboxPage>();
        cut.WaitForElement("[data-testid=data-error]");
        Images.FailWith = null;
        cut.FindAll("button").First(b => b.TextContent.Contains("Try again", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Contains("Pending (1)", cut.Markup, StringComparison.Ordinal));
    }

    [Fact]
    public void Counts_each_tab_and_hides_own_images()
    {
        Images.AddImage("p1", ProducerProject, name: "Pending one");
        Images.AddImage("a1", ProducerProject, name: "Accepted one");
        Images.AddImage("r1", ProducerProject, name: "Rejected one");
        Images.AddImage("own", ConsumerProject, name: "My own shared image");
        Images.Share("p1", ConsumerProject, MemberStatuses.Pending);
        Images.Share("a1", ConsumerProject, MemberStatuses.Accepted);
        Images.Share("r1", ConsumerProject, MemberStatuses.Rejected);

        var cut = Render<InboxPage>();

        cut.WaitForAssertion(() => Assert.Contains("Pending (1)", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("Accepted (1)", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("Rejected (1)", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("My own shared image", cut.Markup, StringComparison.Ordinal);
        var item = cut.Find("[data-image-id=p1]");
        Assert.Contains("openstack server create --image p1", item.TextContent, StringComparison.Ordinal);
        // The image ID's copy button copies the <code> right before it (js/app.js), so that must be the ID.
        var copyId = item.QuerySelector("button[aria-label='Copy image ID of Pending one']");
        Assert.NotNull(copyId);
        Assert.True(copyId.HasAttribute("data-copy-previous"));
        Assert.Equal("p1", copyId.PreviousElementSibling?.TextContent);
    }

    [Fact]
    public void Accepting_moves_the_share_to_accepted_for_the_session_project_only()
    {
        Images.AddImage("p1", ProducerProject, name: "Pending one");
        Images.Share("p1", ConsumerProject);
        Images.Share("p1", "someone-else");

        var cut = Render<InboxPage>();
        cut.WaitForElement("button[aria-label='Accept Pending one']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Accepted (1)", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("Pending (0)", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(MemberStatuses.Accepted, Images.Members.Single(m => m.MemberId == ConsumerProject).Status);
        Assert.Equal(MemberStatuses.Pending, Images.Members.Single(m => m.MemberId == "someone-else").Status);
    }

    [Fact]
    public void Bulk_accept_accepts_every_selected_share()
    {
        foreach (var id in new[] { "p1", "p2", "p3" })
        {
            Images.AddImage(id, ProducerProject, name: "Image " + id);
            Images.Share(id, ConsumerProject);
        }

        var cut = Render<InboxPage>();
        cut.WaitForElement("input[aria-label='Select Image p1']").Change(true);
        cut.Find("input[aria-label='Select Image p3']").Change(true);
        cut.FindAll("button").First(b => b.TextContent.Contains("Accept selected (2)", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Contains("Accepted (2)", cut.Markup, StringComparison.Ordinal));
        Assert.Contains("Pending (1)", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(MemberStatuses.Pending, Images.Members.Single(m => m.ImageId == "p2").Status);
    }

    [Fact]
    public void A_change_that_fails_is_reported_and_the_share_stays_put()
    {
        Images.AddImage("p1", ProducerProject, name: "Pending one");
        Images.Share("p1", ConsumerProject);

        var cut = Render<InboxPage>();
        cut.WaitForElement("button[aria-label='Accept Pending one']");
        Images.FailWith = ImagesError.Unavailable;
        cut.Find("button[aria-label='Accept Pending one']").Click();

        cut.WaitForAssertion(() => Assert.Contains("did not answer", cut.Find("[data-testid=inbox-outcome]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Pending (1)", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(MemberStatuses.Pending, Images.Members[0].Status);
    }

    [Fact]
    public void Accepting_a_share_the_producer_just_removed_says_so_and_the_card_leaves_pending()
    {
        Images.AddImage("p1", ProducerProject, name: "Pending one");
        Images.Share("p1", ConsumerProject);

        var cut = Render<InboxPage>();
        cut.WaitForElement("button[aria-label='Accept Pending one']");
        Images.FailWith = new ImagesError(ImagesErrorKind.NotFound, "gone");
        cut.Find("button[aria-label='Accept Pending one']").Click();

        cut.WaitForAssertion(() => Assert.Contains("no longer shared with your project", cut.Find("[data-testid=inbox-outcome]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Pending (0)", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("button[aria-label='Accept Pending one']"));
    }
}
