using AngleSharp.Dom;
using ImageSharePortal.Web.Features.History;
using ImageSharePortal.Web.Features.Requests;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.ComponentTests.Features.Requests;

public sealed class RequestsPageTests : PortalTestContext
{
    [Fact]
    public void Shows_loading_then_empty()
    {
        SignInAs(ProducerProject);
        StoreGate.Gate = new TaskCompletionSource();

        var cut = Render<RequestsPage>();
        Assert.NotEmpty(cut.FindAll("[data-testid=data-loading]"));

        StoreGate.Gate.SetResult();
        StoreGate.Gate = null;
        cut.WaitForAssertion(() => Assert.Contains("No access requests yet", cut.Find("[data-testid=data-empty]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failing_store_shows_an_error_with_retry()
    {
        SignInAs(ProducerProject);
        using (var db = OpenStore())
        {
            db.Database.ExecuteSqlRaw("ALTER TABLE AccessRequests RENAME TO AccessRequestsAway");
        }

        var cut = Render<RequestsPage>();
        cut.WaitForAssertion(() => Assert.Contains("store did not answer", cut.Find("[data-testid=data-error]").TextContent, StringComparison.Ordinal));

        using (var db = OpenStore())
        {
            db.Database.ExecuteSqlRaw("ALTER TABLE AccessRequestsAway RENAME TO AccessRequests");
        }

        Button(cut, "Try again").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=data-empty]")));
    }

    [Fact]
    public void The_producer_sees_open_requests_and_approves_one()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject, name: "Debian 12 listing");
        var request = AddRequest(AddListing("img-1"), message: "<b>not html</b> for CI");

        var cut = Render<RequestsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-request-id='{request.Id}']")));
        Assert.Contains("<b>not html</b> for CI", cut.Find("[data-testid=request-message]").TextContent, StringComparison.Ordinal);
        Assert.Contains("typed by a visitor", cut.Markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-request-id] input[type=checkbox]")); // one open request: no selection (bulk actions start at two)

        Button(cut, "Approve").Click();

        cut.WaitForAssertion(() => Assert.Contains("Approved: project", cut.Find("[data-testid=decision-message]").TextContent, StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll($"[data-decided-request='{request.Id}']")));
        Assert.Empty(cut.FindAll("[data-request-id]"));
    }

    [Fact]
    public void From_two_open_requests_each_card_can_be_selected_for_the_bulk_actions()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        var listing = AddListing("img-1");
        AddRequest(listing);
        AddRequest(listing, requester: "7c4e1b8a2d6f4a3e9b5c0d1e2f3a4b5c");

        var cut = Render<RequestsPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-request-id] input[type=checkbox]").Count));
        Assert.True(Button(cut, "Approve selected (0)").HasAttribute("disabled"));
        for (var i = 0; i < 2; i++)
        {
            cut.FindAll("[data-request-id] input[type=checkbox]")[i].Change(true); // found again: each change renders the list anew
        }

        cut.WaitForAssertion(() => Assert.False(Button(cut, "Approve selected (2)").HasAttribute("disabled")));
    }

    [Fact]
    public void The_producer_declines_with_a_reason()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        var request = AddRequest(AddListing("img-1"));

        var cut = Render<RequestsPage>();
        cut.WaitForAssertion(() => Button(cut, "Decline…").Click());
        cut.Find($"#decline-reason-{request.Id}").Input("Licence does not allow it.");
        cut.Find($"form[aria-label='Decline request of project {ConsumerProject}']").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Declined the request", cut.Find("[data-testid=decision-message]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Licence does not allow it.", cut.Find($"[data-decided-request='{request.Id}']").TextContent, StringComparison.Ordinal);
        Assert.Empty(Images.Members);
    }

    [Fact]
    public void A_consumer_project_sees_no_producer_actions_for_requests_it_made()
    {
        Images.AddImage("img-1", ProducerProject);
        AddRequest(AddListing("img-1"));
        SignInAs(ConsumerProject);

        var cut = Render<RequestsPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=data-empty]")));
        Assert.DoesNotContain(cut.FindAll("button"), b => b.TextContent.Contains("Approve", StringComparison.Ordinal));
    }

    [Fact]
    public void Undelivered_notifications_are_listed_with_a_retry_button()
    {
        SignInAs(ProducerProject);
        using (var db = OpenStore())
        {
            db.Outbox.Add(new OutboxMessage
            {
                Id = Guid.NewGuid(), Kind = "share-granted", ProjectId = ProducerProject, To = "dave@atlas.example", Subject = "Image shared", TextBody = "t", HtmlBody = "h",
                CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow, Attempts = 10, Status = OutboxStatus.Failed, LastError = "Connection refused",
            });
            db.SaveChanges();
        }

        var cut = Render<RequestsPage>();

        cut.WaitForAssertion(() => Assert.Contains("Connection refused", cut.Find("[data-testid=undelivered]").TextContent, StringComparison.Ordinal));
        Button(cut, "Retry").Click();
        cut.WaitForAssertion(() => Assert.Contains("queued again", cut.Markup, StringComparison.Ordinal));
    }

    private static IElement Button<T>(IRenderedComponent<T> cut, string text) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.FindAll("button").First(b => b.TextContent.Trim() == text);
}

public sealed class MyRequestsPageTests : PortalTestContext
{
    [Fact]
    public void Shows_loading_then_empty()
    {
        SignInAs(ConsumerProject);
        StoreGate.Gate = new TaskCompletionSource();

        var cut = Render<MyRequestsPage>();
        Assert.NotEmpty(cut.FindAll("[data-testid=data-loading]"));
        StoreGate.Gate.SetResult();
        StoreGate.Gate = null;

        cut.WaitForAssertion(() => Assert.Contains("has not asked for any image", cut.Find("[data-testid=data-empty]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void Lists_the_projects_requests_with_their_state_and_withdraws_an_open_one()
    {
        var listing = AddListing("img-1");
        var open = AddRequest(listing);
        var declined = AddRequest(AddListing("img-2", "Ubuntu"), status: AccessRequestStatus.Declined);
        AddRequest(AddListing("img-3", "Other"), requester: "d15ea5e0123456789abcdef012345678");
        SignInAs(ConsumerProject);

        var cut = Render<MyRequestsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-my-request]").Count));
        Assert.Contains("declined", cut.Find($"[data-my-request='{declined.Id}']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.Find($"[data-my-request='{declined.Id}']").QuerySelectorAll("button[aria-label^='Withdraw']"));
        cut.Find($"[data-my-request='{open.Id}'] button[aria-label^='Withdraw']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Withdrew the request", cut.Find("[data-testid=withdraw-message]").TextContent, StringComparison.Ordinal));
        Assert.Contains("withdrawn", cut.Find($"[data-my-request='{open.Id}']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_store_shows_an_error()
    {
        SignInAs(ConsumerProject);
        using (var db = OpenStore())
        {
            db.Database.ExecuteSqlRaw("DROP TABLE AccessRequests");
        }

        var cut = Render<MyRequestsPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=data-error]")));
    }
}

public sealed class HistoryPageTests : PortalTestContext
{
    [Fact]
    public void Shows_loading_empty_and_error_states()
    {
        SignInAs(ConsumerProject);
        StoreGate.Gate = new TaskCompletionSource();
        var loading = Render<HistoryPage>();
        Assert.NotEmpty(loading.FindAll("[data-testid=data-loading]"));
        StoreGate.Gate.SetResult();
        StoreGate.Gate = null;
        loading.WaitForAssertion(() => Assert.NotEmpty(loading.FindAll("[data-testid=data-empty]")));

        using (var db = OpenStore())
        {
            db.Database.ExecuteSqlRaw("DROP TABLE AuditEvents");
        }

        var failing = Render<HistoryPage>();
        failing.WaitForAssertion(() => Assert.NotEmpty(failing.FindAll("[data-testid=data-error]")));
    }

    [Fact]
    public void A_consumer_sees_its_own_actions_and_those_for_it_read_only()
    {
        using (var db = OpenStore())
        {
            db.AuditEvents.AddRange(
                new AuditEvent { At = DateTimeOffset.UtcNow, UserName = "Dave", ActingProjectId = ConsumerProject, Action = AuditActions.ShareAccept, ImageId = "img-1", MemberId = ConsumerProject, OwnerProjectId = ProducerProject },
                new AuditEvent { At = DateTimeOffset.UtcNow, UserName = "Alice", ActingProjectId = ProducerProject, Action = AuditActions.RequestApprove, ImageId = "img-1", MemberId = ConsumerProject, OwnerProjectId = ProducerProject },
                new AuditEvent { At = DateTimeOffset.UtcNow, UserName = "Alice", ActingProjectId = ProducerProject, Action = AuditActions.ListingPublish, ImageId = "img-1", OwnerProjectId = ProducerProject });
            db.SaveChanges();
        }

        SignInAs(ConsumerProject);
        var cut = Render<HistoryPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("tr[data-history-action]").Count));
        Assert.Empty(cut.FindAll($"tr[data-history-action='{AuditActions.ListingPublish}']"));
        Assert.Empty(cut.FindAll("table button, table input"));
    }
}

public sealed class RequestAccessFormTests : PortalTestContext
{
    [Fact]
    public void An_anonymous_visitor_types_project_id_and_email_with_an_antiforgery_token()
    {
        var cut = Render<RequestAccessForm>(p => p.Add(x => x.Listing, AddListing("img-1")));

        Assert.NotNull(cut.Find("input#request-project-id"));
        Assert.NotNull(cut.Find("input#request-email"));
        Assert.NotNull(cut.Find("textarea#request-message"));
    }

    [Fact]
    public void A_signed_in_consumer_sees_its_project_id_but_cannot_edit_it()
    {
        SignInAs(ConsumerProject, "atlas-analytics");

        var cut = Render<RequestAccessForm>(p => p.Add(x => x.Listing, AddListing("img-1")));

        Assert.Equal(ConsumerProject, cut.Find("[data-testid=request-project-id]").TextContent);
        Assert.Empty(cut.FindAll("input#request-project-id"));
        Assert.Empty(cut.FindAll("input#request-email"));
        Assert.Contains("user@atlas-analytics.example", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void The_owner_is_sent_to_its_queue_instead()
    {
        SignInAs(ProducerProject);

        var cut = Render<RequestAccessForm>(p => p.Add(x => x.Listing, AddListing("img-1")));

        Assert.NotNull(cut.Find("[data-testid=request-own-image]"));
        Assert.Empty(cut.FindAll("form"));
    }
}
