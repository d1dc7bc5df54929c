using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Features.Account;
using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Store;
using Microsoft.AspNetCore.Components;

namespace ImageSharePortal.ComponentTests.Features.Catalogue;

public sealed class ListingAndSignInPageTests : PortalTestContext
{
    [Fact]
    public void A_published_listing_shows_its_snapshot_facts()
    {
        var id = Guid.NewGuid();
        using (var db = OpenStore())
        {
            db.Listings.Add(new Listing
            {
                Id = id, ImageId = "img-1", OwnerProjectId = ProducerProject, OwnerProjectName = "orbital-images",
                Title = "Rocky Linux 9", Description = "Hardened base.", ImageName = "rocky-9.4", OperatingSystem = "rocky",
                OsVersion = "9.4", SizeBytes = 1024L * 1024 * 1024, MinDiskGb = 10, MinRamMb = 1024, DiskFormat = "qcow2",
                Checksum = "abc123", IsPublished = true, PublishedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow, PublishedByUserId = "alice",
            });
            db.SaveChanges();
        }

        var cut = Render<ListingPage>(p => p.Add(x => x.Id, id));

        var facts = cut.Find("[data-testid=listing-facts]").TextContent;
        Assert.Contains("rocky-9.4", facts, StringComparison.Ordinal);
        Assert.Contains("1 GB", facts, StringComparison.Ordinal);
        Assert.Contains("10 GB", facts, StringComparison.Ordinal);
        Assert.Contains("abc123", facts, StringComparison.Ordinal);
        Assert.Contains("orbital-images", cut.Markup, StringComparison.Ordinal);
        Assert.Equal(0, Images.Calls); // the public page is served from the portal store
    }

    [Fact]
    public void An_unpublished_or_unknown_listing_is_not_found()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        var notFound = false;
        navigation.OnNotFound += (_, _) => notFound = true;

        Render<ListingPage>(p => p.Add(x => x.Id, Guid.NewGuid()));

        Assert.True(notFound);
    }

    [Fact]
    public void The_development_sign_in_offers_every_demo_persona_with_its_project()
    {
        // PortalOptions defaults to Development sign-in, as the embedded default does.
        var cut = Render<SignInPage>();

        var buttons = cut.FindAll("button[name=persona]");
        Assert.Equal(SandboxDirectory.Users.Count, buttons.Count);
        var alice = buttons.Single(b => b.GetAttribute("value") == "alice");
        Assert.Contains(SandboxDirectory.Users[0].ProjectId, alice.TextContent, StringComparison.Ordinal);
        Assert.NotNull(cut.Find("form[action='/account/persona'] input[name=returnUrl]"));
    }
}
