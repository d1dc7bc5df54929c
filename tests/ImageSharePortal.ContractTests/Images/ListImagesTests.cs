using System.Net;
using ImageSharePortal.ContractTests.Infrastructure;

namespace ImageSharePortal.ContractTests.Images;

/// <summary>
/// <c>GET /v2/images</c>: the default list, the consumer's inbox filter, validation and marker paging. Each case lists
/// with its own tag so images of other cases (or other runs on a real Glance) never get in the way.
/// </summary>
public sealed class ListImagesTests(ContractEnvironment environment) : ContractTest(environment)
{
    private static readonly string[] MemberStatuses = ["pending", "accepted", "rejected"];

    [Fact]
    public async Task The_default_list_shows_accepted_shares_and_hides_pending_and_rejected_ones()
    {
        var accepted = await ShareWithConsumerAsync("accepted");
        var pending = await ShareWithConsumerAsync("pending");
        var rejected = await ShareWithConsumerAsync("rejected");

        var response = await Consumer.GetAsync($"/v2/images?tag={CaseTag}");

        AssertStatus(HttpStatusCode.OK, response);
        var ids = response.Ids("images");
        Assert.Contains(accepted, ids);
        Assert.DoesNotContain(pending, ids);
        Assert.DoesNotContain(rejected, ids);
        Assert.Equal("/v2/schemas/images", response["schema"]);
        Assert.Equal($"/v2/images?tag={CaseTag}", response["first"]);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("accepted")]
    [InlineData("rejected")]
    public async Task Visibility_shared_with_a_member_status_is_the_consumers_inbox_tab(string status)
    {
        var expected = await ShareWithConsumerAsync(status);
        var others = new List<string>();
        foreach (var other in MemberStatuses.Where(s => s != status))
        {
            others.Add(await ShareWithConsumerAsync(other));
        }

        var response = await Consumer.GetAsync($"/v2/images?visibility=shared&member_status={status}&tag={CaseTag}");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal([expected], response.Ids("images"));
    }

    [Fact]
    public async Task Member_status_all_lists_every_share_of_the_consumer()
    {
        var ids = new[] { await ShareWithConsumerAsync("pending"), await ShareWithConsumerAsync("accepted"), await ShareWithConsumerAsync("rejected") };

        var response = await Consumer.GetAsync($"/v2/images?visibility=shared&member_status=all&tag={CaseTag}");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal(ids.Order(StringComparer.Ordinal), response.Ids("images").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Visibility_shared_also_lists_the_callers_own_shared_images_whatever_the_member_status()
    {
        // Glance unions "owned by me" with "shared with me in this status": an owner's inbox query returns its own
        // shared images too, so a portal inbox must drop images whose owner is the current project.
        var own = await CreateImageAsync();

        var response = await Producer.GetAsync($"/v2/images?visibility=shared&member_status=pending&tag={CaseTag}");

        AssertStatus(HttpStatusCode.OK, response);
        Assert.Equal([own], response.Ids("images"));
    }

    [Fact]
    public async Task Community_images_of_others_are_not_in_the_default_list_but_are_listed_and_readable_on_request()
    {
        var community = await CreateImageAsync("community");

        Assert.DoesNotContain(community, (await Consumer.GetAsync($"/v2/images?tag={CaseTag}")).Ids("images"));
        Assert.Contains(community, (await Consumer.GetAsync($"/v2/images?visibility=community&tag={CaseTag}")).Ids("images"));
        Assert.Contains(community, (await Producer.GetAsync($"/v2/images?tag={CaseTag}")).Ids("images"));
        AssertStatus(HttpStatusCode.OK, await Consumer.GetAsync($"/v2/images/{community}"));
    }

    [Fact]
    public async Task A_bad_member_status_is_400()
    {
        var response = await Consumer.GetAsync("/v2/images?visibility=shared&member_status=maybe");

        AssertError(HttpStatusCode.BadRequest, response, "Invalid status: maybe");
    }

    [Fact]
    public async Task A_bad_visibility_is_400()
    {
        var response = await Consumer.GetAsync("/v2/images?visibility=friends");

        AssertError(HttpStatusCode.BadRequest, response, "Invalid visibility value: friends");
    }

    [Theory]
    [InlineData("abc", "limit param must be an integer")]
    [InlineData("-1", "limit param must be positive")]
    public async Task A_bad_limit_is_400(string limit, string message)
    {
        var response = await Consumer.GetAsync($"/v2/images?limit={limit}");

        AssertError(HttpStatusCode.BadRequest, response, message);
    }

    [Fact]
    public async Task An_unknown_marker_is_400()
    {
        var marker = Guid.NewGuid().ToString();

        var response = await Consumer.GetAsync($"/v2/images?marker={marker}");

        AssertError(HttpStatusCode.BadRequest, response, $"No image found with ID {marker}");
    }

    [Fact]
    public async Task Limit_and_marker_walk_every_page_once_and_next_keeps_the_filters()
    {
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await CreateImageAsync());
        }

        var seen = new List<string>();
        var pages = new List<int>();
        string? next = $"/v2/images?tag={CaseTag}&limit=2";
        while (next is not null && pages.Count < 10)
        {
            var page = await Producer.GetAsync(next);
            AssertStatus(HttpStatusCode.OK, page);
            seen.AddRange(page.Ids("images"));
            pages.Add(page.Ids("images").Count);
            next = page["next"];
            if (next is not null)
            {
                Assert.Contains($"tag={CaseTag}", next, StringComparison.Ordinal);
                Assert.Contains("limit=2", next, StringComparison.Ordinal);
                Assert.Contains("marker=" + seen[^1], next, StringComparison.Ordinal);
            }
        }

        Assert.Equal([2, 2, 1], pages);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
        // Default order: newest first.
        Assert.Equal(Enumerable.Reverse(created), seen);
    }

    [Fact]
    public async Task A_full_last_page_still_carries_next_and_the_page_after_it_is_empty()
    {
        // Glance adds "next" whenever a page is full; it does not look ahead. Clients must stop on an empty page too.
        await CreateImageAsync();
        await CreateImageAsync();

        var first = await Producer.GetAsync($"/v2/images?tag={CaseTag}&limit=2");
        Assert.Equal(2, first.Ids("images").Count);
        Assert.NotNull(first["next"]);

        var last = await Producer.GetAsync(first["next"]!);
        AssertStatus(HttpStatusCode.OK, last);
        Assert.Empty(last.Ids("images"));
        Assert.Null(last.Body["next"]);
    }

    [Fact]
    public async Task Sort_by_name_ascending_orders_the_page()
    {
        foreach (var name in new[] { "charlie", "alpha", "bravo" })
        {
            await CreateImageAsync(name: $"{CaseTag}-{name}");
        }

        var response = await Producer.GetAsync($"/v2/images?tag={CaseTag}&sort=name:asc");

        AssertStatus(HttpStatusCode.OK, response);
        var names = (response.Body["images"]!.AsArray()).Select(i => i!["name"]!.GetValue<string>());
        Assert.Equal([$"{CaseTag}-alpha", $"{CaseTag}-bravo", $"{CaseTag}-charlie"], names);
    }

    [Fact]
    public async Task Filters_by_owner_name_and_custom_property()
    {
        var extra = new System.Text.Json.Nodes.JsonObject { ["os_distro"] = "debian", ["os_version"] = "12" };
        var debian = await CreateImageAsync(name: $"{CaseTag}-debian", extra: extra);
        await CreateImageAsync(name: $"{CaseTag}-other");

        Assert.Equal([debian], (await Producer.GetAsync($"/v2/images?tag={CaseTag}&os_distro=debian")).Ids("images"));
        Assert.Equal([debian], (await Producer.GetAsync($"/v2/images?name={CaseTag}-debian")).Ids("images"));
        Assert.Equal(2, (await Producer.GetAsync($"/v2/images?tag={CaseTag}&owner={ProducerProject}")).Ids("images").Count);
        Assert.Empty((await Producer.GetAsync($"/v2/images?tag={CaseTag}&owner={StrangerProject}")).Ids("images"));
    }
}
