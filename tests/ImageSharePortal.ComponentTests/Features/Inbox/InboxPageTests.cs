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
        Assert.NotNull(item.QuerySelector("[data-copy=p1]"));
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
    public void A_refused_change_is_reported_and_the_share_stays_put()
    {
        Images.AddImage("p1", ProducerProject, name: "Pending one");
        Images.Share("p1", ConsumerProject);

        var cut = Render<InboxPage>();
        cut.WaitForElement("button[aria-label='Accept Pending one']");
        Images.FailWith = new ImagesError(ImagesErrorKind.NotFound, "gone");
        cut.Find("button[aria-label='Accept Pending one']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Pending (1)", cut.Markup, StringComparison.Ordinal));
        Assert.Equal(MemberStatuses.Pending, Images.Members[0].Status);
    }
}
