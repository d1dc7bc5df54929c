using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ImageSharePortal.Sandbox;

namespace ImageSharePortal.E2ETests.Catalogue;

/// <summary>
/// The catalogue as a browser and a proxy see it on the wire: no cookie or per-visitor state, compressed, revalidated
/// with an ETag, served from the output cache until a producer changes a listing; static assets compressed and immutable.
/// </summary>
public sealed partial class CatalogueDeliveryTests(BrowserFixture fixture)
{
    private const string BrowserEncodings = "gzip, deflate, br, zstd"; // what Chromium sends
    private static readonly SandboxProject Northwind = SandboxDirectory.Projects.Single(p => p.Name == "northwind-labs");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Anonymous_catalogue_pages_set_no_cookie_carry_no_token_and_are_compressed_cached_and_revalidated()
    {
        var listing = await fixture.App.AddListingAsync($"wire-{Guid.NewGuid():N}", $"Wire test {Guid.NewGuid():N}"[..20], Northwind);
        using var http = RawClient();
        foreach (var path in new[] { "/", "/catalogue?os=debian", $"/catalogue/{listing.Id}" })
        {
            using var first = await GetAsync(http, path, BrowserEncodings);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.False(first.Headers.Contains("Set-Cookie"), $"{path} set a cookie");
            Assert.Equal("br", Assert.Single(first.Content.Headers.ContentEncoding));
            Assert.Equal("public, no-cache", first.Headers.CacheControl?.ToString());
            var etag = first.Headers.ETag?.Tag;
            Assert.NotNull(etag);
            var html = await DecodeAsync(first);
            Assert.Contains("</html>", html, StringComparison.Ordinal);
            Assert.DoesNotContain("__RequestVerificationToken", html, StringComparison.Ordinal);

            // Served again from the output cache: the same bytes, with an Age; a revalidation is a 304 with no body.
            using var second = await GetAsync(http, path, BrowserEncodings);
            Assert.True(second.Headers.Age.HasValue, $"{path} was rendered again instead of coming from the output cache");
            Assert.Equal(etag, second.Headers.ETag?.Tag);
            using var revalidate = await GetAsync(http, path, BrowserEncodings, ifNoneMatch: etag);
            Assert.Equal(HttpStatusCode.NotModified, revalidate.StatusCode);
            Assert.Empty(await revalidate.Content.ReadAsByteArrayAsync(Ct));

            // A client that takes no compression gets the page as it is, not the compressed copy.
            using var plain = await GetAsync(http, path, acceptEncoding: null);
            Assert.Empty(plain.Content.Headers.ContentEncoding);
            Assert.Contains("</html>", await plain.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // The form has its own page: that one carries the token and its cookie, and is never stored.
        using var form = await GetAsync(http, $"/catalogue/{listing.Id}/request", BrowserEncodings);
        Assert.Contains(form.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        Assert.Contains("__RequestVerificationToken", await DecodeAsync(form), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_stylesheet_and_script_the_page_uses_is_compressed_immutable_and_decodes_to_the_file()
    {
        using var http = RawClient();
        using var page = await GetAsync(http, "/", acceptEncoding: null);
        var html = await page.Content.ReadAsStringAsync(Ct);
        var assets = AssetUrl().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(assets, a => a.StartsWith("lib/mudblazor/MudBlazor.min.", StringComparison.Ordinal) && a.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.StartsWith("_framework/blazor.web.", StringComparison.Ordinal));
        Assert.True(assets.Count >= 6, string.Join(", ", assets));

        foreach (var asset in assets)
        {
            using var identity = await GetAsync(http, "/" + asset, acceptEncoding: null);
            var original = await identity.Content.ReadAsByteArrayAsync(Ct);
            foreach (var encoding in new[] { "br", "gzip" })
            {
                using var compressed = await GetAsync(http, "/" + asset, encoding);
                Assert.Equal(HttpStatusCode.OK, compressed.StatusCode);
                Assert.Equal(encoding, Assert.Single(compressed.Content.Headers.ContentEncoding));
                Assert.Contains("immutable", compressed.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
                var body = await compressed.Content.ReadAsByteArrayAsync(Ct);
                Assert.True(body.Length < original.Length * 0.6, $"{asset} as {encoding}: {body.Length} of {original.Length} bytes");
                Assert.Equal(original, Decode(body, encoding));
            }
        }
    }

    [Fact]
    public async Task A_cold_visit_to_the_catalogue_transfers_at_most_150_KB()
    {
        using var http = RawClient();
        using var page = await GetAsync(http, "/", BrowserEncodings);
        var total = (await page.Content.ReadAsByteArrayAsync(Ct)).Length;
        var html = await DecodeAsync(page);
        var assets = AssetUrl().Matches(html).Select(m => m.Groups[1].Value).Distinct().ToList();
        foreach (var asset in assets)
        {
            using var response = await GetAsync(http, "/" + asset, BrowserEncodings);
            total += (await response.Content.ReadAsByteArrayAsync(Ct)).Length;
        }

        await File.WriteAllTextAsync(Path.Combine(BrowserFixture.ArtifactsDirectory, "cold-catalogue-bytes.txt"), $"cold /: {total:N0} bytes in {assets.Count + 1} responses\n", Ct);
        Assert.InRange(total, 1, 150 * 1024);
    }

    [Fact]
    public async Task A_listing_published_through_the_portal_is_on_the_cached_catalogue_at_once_and_gone_when_unpublished()
    {
        var title = $"Cache {Guid.NewGuid():N}"[..18];
        var imageId = await fixture.Sandbox.CreateImageAsync(Northwind.Id, "Cache probe image", ct: Ct);
        using var http = RawClient();
        using (var warm = await GetAsync(http, "/", BrowserEncodings))
        {
            Assert.DoesNotContain(title, await DecodeAsync(warm), StringComparison.Ordinal);
        }

        using (var cached = await GetAsync(http, "/", BrowserEncodings))
        {
            Assert.True(cached.Headers.Age.HasValue);
        }

        var producer = await fixture.NewPageAsync();
        await PortalPage.SignInAsync(producer, "bob", $"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByLabel("Title").FillAsync(title);
        await producer.GetByLabel("Description").FillAsync("Published to check the catalogue cache.");
        await producer.GetByRole(AriaRole.Button, new() { Name = "Publish to catalogue" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("listing-state")).ToContainTextAsync("Listed in the public catalogue");

        using (var after = await GetAsync(http, "/", BrowserEncodings))
        {
            Assert.Contains(title, await DecodeAsync(after), StringComparison.Ordinal);
        }

        // Signed in, the same address is the visitor's own page (their project, Sign out), never the cached anonymous one.
        await producer.GotoAsync("/");
        await Assertions.Expect(producer.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();

        await producer.GotoAsync($"/images/{imageId}");
        await PortalPages.WaitInteractiveAsync(producer);
        await producer.GetByRole(AriaRole.Button, new() { Name = "Unpublish" }).ClickAsync();
        await Assertions.Expect(producer.GetByTestId("listing-state")).ToContainTextAsync("Not listed");
        using var gone = await GetAsync(http, "/", BrowserEncodings);
        Assert.DoesNotContain(title, await DecodeAsync(gone), StringComparison.Ordinal);
    }

    private HttpClient RawClient() =>
        new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = fixture.App.BaseAddress,
        };

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, string path, string? acceptEncoding, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await http.SendAsync(request, Ct);
    }

    private static async Task<string> DecodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsByteArrayAsync(Ct);
        var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault();
        return Encoding.UTF8.GetString(encoding is null ? body : Decode(body, encoding));
    }

    private static byte[] Decode(byte[] body, string encoding)
    {
        using var input = new MemoryStream(body);
        using Stream decoder = encoding == "br" ? new BrotliStream(input, CompressionMode.Decompress) : new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }

    [GeneratedRegex("(?:href|src)=\"([^\"]+\\.(?:css|js))\"")]
    private static partial Regex AssetUrl();
}
