using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Store;
using Microsoft.AspNetCore.Components;

namespace ImageSharePortal.ComponentTests.Features.Catalogue;

public sealed class CataloguePageTests : PortalTestContext
{
    [Fact]
    public void An_empty_catalogue_says_how_listings_appear()
    {
        var cut = Render<CataloguePage>();

        Assert.Contains("No image is listed yet", cut.Find("[data-testid=catalogue-empty]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_published_listings_only_and_filters_by_search_and_os()
    {
        using (var db = OpenStore())
        {
            db.Listings.AddRange(
                Listing("Ubuntu 24.04 LTS", "ubuntu", published: true),
                Listing("Debian 12 hardened", "debian", published: true),
                Listing("Secret draft", "debian", published: false));
            db.SaveChanges();
        }

        var all = Render<CataloguePage>();
        Assert.Contains("2 listings", all.Find("[data-testid=catalogue-count]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret draft", all.Markup, StringComparison.Ordinal);

        Services.GetRequiredService<NavigationManager>().NavigateTo("/catalogue?os=debian");
        var debian = Render<CataloguePage>();
        Assert.Contains("1 listing", debian.Find("[data-testid=catalogue-count]").TextContent, StringComparison.Ordinal);
        Assert.Contains("Debian 12 hardened", debian.Markup, StringComparison.Ordinal);

        Services.GetRequiredService<NavigationManager>().NavigateTo("/catalogue?q=nothing-matches");
        var none = Render<CataloguePage>();
        Assert.Contains("No listing matches", none.Markup, StringComparison.Ordinal);
    }

    private static Listing Listing(string title, string os, bool published) => new()
    {
        Id = Guid.NewGuid(),
        ImageId = Guid.NewGuid().ToString(),
        OwnerProjectId = ProducerProject,
        OwnerProjectName = "orbital-images",
        Title = title,
        OperatingSystem = os,
        IsPublished = published,
        PublishedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        PublishedByUserId = "alice",
    };
}
