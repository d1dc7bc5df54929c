using AngleSharp.Dom;
using ImageSharePortal.Images;
using ImageSharePortal.Web.Features.MyImages;
using ImageSharePortal.Web.Store;
using MudBlazor;

namespace ImageSharePortal.ComponentTests.Features.MyImages;

public sealed class ImageDetailPageTests : PortalTestContext
{
    private const string Erin = "d15ea5e0123456789abcdef012345678";

    [Fact]
    public void Owner_sees_members_by_name_the_quota_and_adds_a_known_project_whose_outcome_stays()
    {
        SignInAs(ProducerProject);
        KnowProject(ConsumerProject, "atlas-analytics");
        KnowProject(Erin, "borealis-web", "erin@borealis.example");
        Images.AddImage("img-1", ProducerProject, name: "Debian 12");
        Images.Share("img-1", ConsumerProject, MemberStatuses.Accepted);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));

        cut.WaitForAssertion(() => Assert.Contains("1 of 128 members used; 127 left", cut.Find("[data-testid=members-left]").TextContent, StringComparison.Ordinal));
        Assert.Contains("atlas-analytics", cut.Find($"tr[data-member='{ConsumerProject}']").TextContent, StringComparison.Ordinal);

        cut.Find("#add-member-project-id").Input($"  {Erin.ToUpperInvariant()}  ");
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"tr[data-member='{Erin}']")));
        var outcome = cut.Find("[data-testid=add-member-outcome]");
        Assert.Equal("added", outcome.GetAttribute("data-outcome"));
        Assert.Contains("Shared with borealis-web", outcome.TextContent, StringComparison.Ordinal);
        Assert.Contains("erin@borealis.example", outcome.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 of 128 members used", cut.Find("[data-testid=members-left]").TextContent, StringComparison.Ordinal);
        Assert.Contains(Erin, Images.Members.Select(m => m.MemberId));
        using var db = OpenStore();
        var mail = Assert.Single(db.Outbox.ToList());
        Assert.Equal("erin@borealis.example", mail.To);
        Assert.Contains(Erin, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("img-1", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upper_case_copy_of_a_member_is_already_a_member_and_nothing_is_called()
    {
        SignInAs(ProducerProject);
        KnowProject(ConsumerProject, "atlas-analytics");
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement("#add-member-project-id").Input(ConsumerProject.ToUpperInvariant());
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Equal("alreadymember", cut.Find("[data-testid=add-member-outcome]").GetAttribute("data-outcome")));
        Assert.Contains($"Already a member (pending): atlas-analytics ({ConsumerProject})", cut.Markup, StringComparison.Ordinal);
        Assert.Single(Images.Members);
        Assert.Equal(0, Images.AddMemberCalls);
    }

    [Fact]
    public void An_id_the_portal_has_never_seen_needs_share_anyway_and_is_recorded_as_such()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement("#add-member-project-id").Input(Erin);
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Equal("needsconfirmation", cut.Find("[data-testid=add-member-outcome]").GetAttribute("data-outcome")));
        Assert.Contains("never seen", cut.Find("[data-testid=add-member-outcome]").TextContent, StringComparison.Ordinal);
        Assert.Empty(Images.Members);

        cut.Find("[data-testid=share-anyway]").Click();

        cut.WaitForAssertion(() => Assert.Equal("addedunseen", cut.Find("[data-testid=add-member-outcome]").GetAttribute("data-outcome")));
        Assert.Equal([Erin], Images.Members.Select(m => m.MemberId));
        using var db = OpenStore();
        var added = db.AuditEvents.Single(e => e.Action == "member.add");
        Assert.Equal(AuditOutcome.Succeeded, added.Outcome);
        Assert.Contains("never seen", added.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Dont_share_leaves_an_unseen_id_alone()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement("#add-member-project-id").Input(Erin);
        cut.Find("form[aria-label='Add member']").Submit();
        cut.WaitForElement("[data-testid=share-anyway]");
        Button(cut, "Don't share").Click();

        cut.WaitForAssertion(() => Assert.Contains("you chose not to", cut.Find("[data-testid=add-member-outcome]").TextContent, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=share-anyway]"));
        Assert.Empty(Images.Members);
    }

    [Fact]
    public void A_project_name_typed_as_the_id_offers_the_known_projects_id()
    {
        SignInAs(ProducerProject);
        KnowProject(ConsumerProject, "atlas-analytics", "dave@atlas.example");
        Images.AddImage("img-1", ProducerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement("#add-member-project-id").Input(" Atlas-Analytics ");
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Equal("namematch", cut.Find("[data-testid=add-member-outcome]").GetAttribute("data-outcome")));
        Assert.Contains($"whose ID is {ConsumerProject}", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(Images.Members);

        Button(cut, "Share with atlas-analytics").Click();

        cut.WaitForAssertion(() => Assert.Equal([ConsumerProject], Images.Members.Select(m => m.MemberId)));
    }

    [Fact]
    public void Several_pasted_ids_each_get_their_own_outcome()
    {
        SignInAs(ProducerProject);
        KnowProject(ConsumerProject, "atlas-analytics");
        KnowProject(Erin, "borealis-web");
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", Erin);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForElement("#add-member-project-id");
        Button(cut, "Share with several projects…").Click();
        cut.WaitForElement("#add-members-list").Input($"{ConsumerProject}\n{Erin}, consumer ; {ConsumerProject.ToUpperInvariant()}\n e1e2e3e4e5e6e7e8e9eaebecedeeef00");
        cut.Find("form[aria-label='Share with several projects']").Submit();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("[data-testid=add-member-outcome]").Count));
        var outcomes = cut.FindAll("[data-testid=add-member-outcome]").Select(o => o.GetAttribute("data-outcome")).ToList();
        Assert.Equal(["added", "alreadymember", "invalid", "needsconfirmation"], outcomes);
        Assert.Equal("One repeated ID was shared once.", cut.Find("[data-testid=share-repeats]").TextContent);
        Assert.Equal("consumer\ne1e2e3e4e5e6e7e8e9eaebecedeeef00", cut.Find("#add-members-list").GetAttribute("value")?.Replace("\r", "", StringComparison.Ordinal));
        Assert.Equal([Erin, ConsumerProject], Images.Members.Select(m => m.MemberId));

        cut.Find("[data-testid=share-anyway]").Click();
        cut.WaitForAssertion(() => Assert.Equal(3, Images.Members.Count));
        Assert.Contains("addedunseen", cut.FindAll("[data-testid=add-member-outcome]").Select(o => o.GetAttribute("data-outcome")));
    }

    [Fact]
    public void The_member_quota_comes_from_configuration_and_a_full_image_refuses_before_calling()
    {
        Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ImageSharePortal.Web.Auth.PortalOptions>>().Value.MemberQuota = 2;
        SignInAs(ProducerProject);
        KnowProject(ConsumerProject, "atlas-analytics");
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", Erin);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "img-1"));
        cut.WaitForAssertion(() => Assert.Contains("1 of 2 members used; 1 left", cut.Find("[data-testid=members-left]").TextContent, StringComparison.Ordinal));
        Images.Share("img-1", "e1e2e3e4e5e6e7e8e9eaebecedeeef00"); // added elsewhere meanwhile
        cut.Find("#add-member-project-id").Input(ConsumerProject);
        cut.Find("form[aria-label='Add member']").Submit();

        cut.WaitForAssertion(() => Assert.Equal("quotareached", cut.Find("[data-testid=add-member-outcome]").GetAttribute("data-outcome")));
        Assert.Contains("maximum number of members (2)", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, Images.AddMemberCalls);
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

        cut.WaitForAssertion(() => Assert.Contains("is not a project ID", cut.Markup, StringComparison.Ordinal));
        Assert.Equal(0, Images.AddMemberCalls);
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
        cut.WaitForElement($"tr[data-member='{ConsumerProject}'] button[aria-label^='Remove']").Click();
        popovers.WaitForAssertion(() => Assert.Contains("Remove member?", popovers.Markup, StringComparison.Ordinal));
        Button(popovers, "Cancel").Click();
        Assert.Single(Images.Members);

        cut.Find($"tr[data-member='{ConsumerProject}'] button[aria-label^='Remove']").Click();
        popovers.WaitForAssertion(() => Assert.Contains("Remove member?", popovers.Markup, StringComparison.Ordinal));
        Button(popovers, "Remove").Click();

        cut.WaitForAssertion(() => Assert.Empty(Images.Members));
        cut.WaitForElement("[data-testid=members-empty]");
        Assert.Contains($"Removed project {ConsumerProject}", cut.Find("[data-testid=remove-outcome]").TextContent, StringComparison.Ordinal);
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
    public void An_unknown_image_has_a_not_found_heading_and_a_way_back_instead_of_a_retry()
    {
        SignInAs(ProducerProject);

        var cut = Render<ImageDetailPage>(p => p.Add(x => x.ImageId, "missing"));

        cut.WaitForAssertion(() => Assert.Equal("Image not found", cut.Find("h1").TextContent));
        Assert.NotNull(cut.Find("[data-testid=data-not-found]"));
        Assert.Contains("missing", cut.Find("[data-testid=data-not-found] code").TextContent, StringComparison.Ordinal);
        Assert.Equal("/images", cut.Find("[data-testid=data-not-found] a").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=data-error]"));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Trim() == "Try again"); // asking again would not find it
    }

    private static IElement Button<T>(IRenderedComponent<T> cut, string text)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("button").First(b => b.TextContent.Trim() == text);
}
