using AngleSharp.Dom;
using ImageSharePortal.Images;
using ImageSharePortal.Web.Features.MyImages;
using MudBlazor;

namespace ImageSharePortal.ComponentTests.Features.MyImages;

public sealed class ImageDetailPageTests : PortalTestContext
{
    [Fact]
    public void Owner_sees_members_the_quota_and_can_add_a_member()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject, name: "Debian 12");
        Images.Share("img-1", ConsumerProject, MemberStatuses.Accepted);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));

        cut.WaitForAssertion(() => Assert.Contains("1 of 128 members used; 127 left", cut.Find("[data-testid=members-left]").TextContent, StringComparison.Ordinal));
        Assert.Single(cut.FindAll($"tr[data-member='{ConsumerProject}']"));

        cut.Find("#add-member-project-id").Input("  d15ea5e0123456789abcdef012345678  ");
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tr[data-member='d15ea5e0123456789abcdef012345678']")));
        Assert.Contains("d15ea5e0123456789abcdef012345678", Images.Members.Select(m => m.MemberId));
    }

    [Fact]
    public void Adding_a_duplicate_member_explains_it_in_plain_words()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement("#add-member-project-id").Input(ConsumerProject);
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Contains($"Project {ConsumerProject} is already a member of this image.", cut.Markup, StringComparison.Ordinal));
        Assert.Single(Images.Members);
    }

    [Fact]
    public void Invalid_project_ids_are_refused_before_any_call()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement("#add-member-project-id").Input("<script>alert(1)</script>");
        var callsBefore = Images.Calls;
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Contains("only letters, digits", cut.Markup, StringComparison.Ordinal));
        Assert.Equal(callsBefore, Images.Calls);
        Assert.Empty(Images.Members);
    }

    [Fact]
    public void A_private_image_offers_to_switch_to_shared_after_confirmation()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject, visibility: "private");
        var popovers = Render<MudDialogProvider>();

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForAssertion(() => Assert.Contains("This image is private", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("#add-member-project-id"));
        Button(cut, "Switch to shared…").Click();

        popovers.WaitForAssertion(() => Assert.Contains("Switch to shared?", popovers.Markup, StringComparison.Ordinal));
        Assert.Equal("private", Images.Images[0].Visibility);
        Button(popovers, "Switch to shared").Click();

        cut.WaitForAssertion(() => Assert.Equal("shared", Images.Images[0].Visibility));
        cut.WaitForElement("#add-member-project-id");
    }

    [Fact]
    public void Removing_a_member_asks_first_and_cancel_keeps_it()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject);
        var popovers = Render<MudDialogProvider>();

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement($"tr[data-member='{ConsumerProject}'] button").Click();
        popovers.WaitForAssertion(() => Assert.Contains("Remove member?", popovers.Markup, StringComparison.Ordinal));
        Button(popovers, "Cancel").Click();
        Assert.Single(Images.Members);

        cut.Find($"tr[data-member='{ConsumerProject}'] button").Click();
        popovers.WaitForAssertion(() => Assert.Contains("Remove member?", popovers.Markup, StringComparison.Ordinal));
        Button(popovers, "Remove").Click();

        cut.WaitForAssertion(() => Assert.Empty(Images.Members));
        cut.WaitForElement("[data-testid=members-empty]");
    }

    [Fact]
    public void A_consumer_viewing_a_shared_image_gets_no_member_management()
    {
        SignInAs(ConsumerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));

        cut.WaitForAssertion(() => Assert.Contains("Only its owner manages members", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("#add-member-project-id"));
        Assert.Empty(cut.FindAll("tr[data-member]"));
    }

    [Fact]
    public void An_unknown_image_shows_the_not_found_error_with_retry()
    {
        SignInAs(ProducerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "missing"));

        cut.WaitForAssertion(() => Assert.Contains("Image missing not found.", cut.Find("[data-testid=data-error]").TextContent, StringComparison.Ordinal));
    }

    private static IElement Button<T>(IRenderedComponent<T> cut, string text)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("button").First(b => b.TextContent.Trim() == text);
}
