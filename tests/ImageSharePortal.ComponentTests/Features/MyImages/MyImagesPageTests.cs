using ImageSharePortal.Images;
using ImageSharePortal.Web.Features.MyImages;

namespace ImageSharePortal.ComponentTests.Features.MyImages;

public sealed class MyImagesPageTests : PortalTestContext
{
    public MyImagesPageTests() => SignInAs(ProducerProject, "orbital-images");

    [Fact]
    public void Shows_loading_while_the_api_answers()
    {
        Images.AddImage("img-loading", ProducerProject, name: "Loading Alma");
        Images.Gate = new TaskCompletionSource();

        var cut = Render<MyImagesPage>();

        cut.Find("[data-testid=data-loading]");
        Assert.Empty(cut.FindAll("[data-testid=data-error]"));
        Assert.DoesNotContain("Loading Alma", cut.Markup, StringComparison.Ordinal);
        Images.Gate.SetResult();
        // Loading ends in the list, not in an error state.
        cut.WaitForAssertion(() => Assert.Contains("Loading Alma", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=data-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=data-error]"));
    }

    [Fact]
    public void Shows_an_empty_state_when_the_project_owns_no_image()
    {
        Images.AddImage("other", ConsumerProject);

        var cut = Render<MyImagesPage>();

        cut.WaitForElement("[data-testid=data-empty]");
        Assert.Contains("owns no images", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_api_error_and_retries()
    {
        Images.FailWith = ImagesError.Unavailable;
        Images.AddImage("img-1", ProducerProject, name: "Debian 12");

        var cut = Render<MyImagesPage>();
        cut.WaitForElement("[data-testid=data-error]");
        Assert.Contains(ImagesError.Unavailable.Message, cut.Markup, StringComparison.Ordinal);

        Images.FailWith = null;
        cut.FindAll("button").First(b => b.TextContent.Contains("Try again", StringComparison.Ordinal)).Click();

        cut.WaitForAssertion(() => Assert.Contains("Debian 12", cut.Markup, StringComparison.Ordinal));
        Assert.Empty(cut.FindAll("[data-testid=data-error]"));
    }

    [Fact]
    public void Lists_own_images_with_member_counts_by_status()
    {
        Images.AddImage("img-1", ProducerProject, name: "Debian 12");
        Images.AddImage("img-2", ProducerProject, visibility: "private", name: "Secret build");
        Images.AddImage("img-3", ConsumerProject, name: "Not mine");
        Images.Share("img-1", "c1", MemberStatuses.Pending);
        Images.Share("img-1", "c2", MemberStatuses.Accepted);
        Images.Share("img-1", "c3", MemberStatuses.Accepted);

        var cut = Render<MyImagesPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tbody tr").Count));
        var debian = cut.FindAll("tbody tr").Single(r => r.TextContent.Contains("Debian 12", StringComparison.Ordinal));
        Assert.Contains("1 pending", debian.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 accepted", debian.TextContent, StringComparison.Ordinal);
        Assert.Contains("0 rejected", debian.TextContent, StringComparison.Ordinal);
        var secret = cut.FindAll("tbody tr").Single(r => r.TextContent.Contains("Secret build", StringComparison.Ordinal));
        Assert.Contains("n/a", secret.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Not mine", cut.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20, false)]
    [InlineData(21, true)]
    public void Next_is_offered_only_when_more_images_exist(int count, bool hasNext)
    {
        for (var i = 0; i < count; i++)
        {
            Images.AddImage($"img-{i:00}", ProducerProject, visibility: "private", name: $"Image {i:00}");
        }

        var cut = Render<MyImagesPage>();
        cut.WaitForAssertion(() => Assert.Equal(20, cut.FindAll("tbody tr").Count));
        var next = cut.FindAll("button").Single(b => b.TextContent.Trim() == "Next");

        Assert.Equal(!hasNext, next.HasAttribute("disabled"));
        if (hasNext)
        {
            next.Click();
            cut.WaitForAssertion(() => Assert.Single(cut.FindAll("tbody tr")));
            Assert.Contains("Image 20", cut.Find("tbody").TextContent, StringComparison.Ordinal);
            Assert.Contains("Page 2", cut.Markup, StringComparison.Ordinal);
        }
    }
}
