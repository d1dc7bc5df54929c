using ImageSharePortal.Images;
using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Requests;
using ImageSharePortal.Web.Store;
using Microsoft.EntityFrameworkCore;

namespace ImageSharePortal.ComponentTests.Features.Requests;

/// <summary>The request → approve/decline → notify rules, against the fake Images API and a real (in-memory) store.</summary>
public sealed class RequestsServiceTests : PortalTestContext
{
    private const string OtherConsumer = "d15ea5e0123456789abcdef012345678";

    private RequestsService Service => Services.GetRequiredService<RequestsService>();

    private RequestDecisionsService Decisions => Services.GetRequiredService<RequestDecisionsService>();

    private ImageSharePortal.Web.Features.Notifications.UndeliveredMailService Mail => Services.GetRequiredService<ImageSharePortal.Web.Features.Notifications.UndeliveredMailService>();

    [Fact]
    public async Task Approving_adds_the_member_and_saves_approval_email_and_history_together()
    {
        SignInAs(ProducerProject, "orbital-images");
        Images.AddImage("img-1", ProducerProject, name: "Debian 12");
        var request = AddRequest(AddListing("img-1"));
        var notices = new List<LiveNotice>();
        using var subscription = Services.GetRequiredService<LiveNotifier>().Subscribe(ConsumerProject, n => { notices.Add(n); return Task.CompletedTask; });

        var result = await Decisions.ApproveAsync(request.Id, Ct);

        Assert.Equal(DecisionOutcome.Approved, result.Outcome);
        Assert.Contains(Images.Members, m => m.ImageId == "img-1" && m.MemberId == ConsumerProject && m.Status == MemberStatuses.Pending);
        using var db = OpenStore();
        var saved = await db.AccessRequests.SingleAsync(Ct);
        Assert.Equal(AccessRequestStatus.Approved, saved.Status);
        Assert.NotNull(saved.DecidedAt);
        var mail = await db.Outbox.SingleAsync(Ct);
        Assert.Equal(NotificationKinds.ShareGranted, mail.Kind);
        Assert.Equal("dave@atlas.example", mail.To);
        Assert.Contains("img-1", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Pending, mail.Status);
        Assert.Equal([AuditActions.MemberAdd, AuditActions.RequestApprove], await db.AuditEvents.OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(Ct));
        Assert.Contains("approved", Assert.Single(notices).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_upper_case_copy_of_an_open_request_finds_the_open_one_instead_of_making_a_second()
    {
        var listing = AddListing("img-1");
        var form = new AccessRequestForm { ProjectId = ConsumerProject, Email = "dave@atlas.example", Message = "first" };

        var first = await Service.SubmitAsync(listing.Id, form, Ct);
        var copy = await Service.SubmitAsync(listing.Id, new AccessRequestForm { ProjectId = $" {ConsumerProject.ToUpperInvariant()} ", Email = "dave@atlas.example" }, Ct);
        var name = await Service.SubmitAsync(listing.Id, new AccessRequestForm { ProjectId = "atlas-analytics", Email = "dave@atlas.example" }, Ct);

        Assert.Equal(SubmitOutcome.Created, first.Outcome);
        Assert.Equal(SubmitOutcome.AlreadyOpen, copy.Outcome);
        Assert.Equal(first.Request!.Id, copy.Request!.Id);
        Assert.Equal(SubmitOutcome.Invalid, name.Outcome);
        Assert.Contains("is not a project ID", name.Input!.ErrorFor(AccessRequestValidation.ProjectIdField), StringComparison.Ordinal);
        using var db = OpenStore();
        Assert.Equal(ConsumerProject, (await db.AccessRequests.SingleAsync(Ct)).RequesterProjectId);
    }

    [Fact]
    public async Task Approving_a_request_stored_in_upper_case_adds_the_normalised_member_and_mails_once()
    {
        SignInAs(ProducerProject, "orbital-images");
        KnowProject(ConsumerProject, "atlas-analytics", "dave@atlas.example");
        Images.AddImage("img-1", ProducerProject, name: "Debian 12");
        var request = AddRequest(AddListing("img-1"), requester: ConsumerProject.ToUpperInvariant());

        var result = await Decisions.ApproveAsync(request.Id, Ct);

        Assert.Equal(DecisionOutcome.Approved, result.Outcome);
        Assert.Contains("atlas-analytics", result.Message, StringComparison.Ordinal);
        Assert.Equal([ConsumerProject], Images.Members.Select(m => m.MemberId));
        using var db = OpenStore();
        Assert.Equal("dave@atlas.example", (await db.Outbox.SingleAsync(Ct)).To);
    }

    [Fact]
    public async Task Approving_mails_the_requester_and_the_projects_known_contacts_each_once()
    {
        SignInAs(ProducerProject, "orbital-images");
        KnowProject(ConsumerProject, "atlas-analytics", "ops@atlas.example");
        Images.AddImage("img-1", ProducerProject, name: "Debian 12");
        var request = AddRequest(AddListing("img-1"));

        await Decisions.ApproveAsync(request.Id, Ct);

        using var db = OpenStore();
        Assert.Equal(["dave@atlas.example", "ops@atlas.example"], (await db.Outbox.Select(m => m.To).ToListAsync(Ct)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Approving_a_project_that_is_already_a_member_closes_the_request_as_approved_without_adding()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject, MemberStatuses.Rejected);
        var request = AddRequest(AddListing("img-1"));

        var result = await Decisions.ApproveAsync(request.Id, Ct);

        Assert.Equal(DecisionOutcome.AlreadyMember, result.Outcome);
        Assert.Contains("already a member", result.Message, StringComparison.Ordinal);
        Assert.Single(Images.Members);
        using var db = OpenStore();
        Assert.Equal(AccessRequestStatus.Approved, (await db.AccessRequests.SingleAsync(Ct)).Status);
        Assert.Single(await db.Outbox.ToListAsync(Ct));
        Assert.Equal([AuditActions.RequestApprove], await db.AuditEvents.Select(e => e.Action).ToListAsync(Ct));
    }

    [Fact]
    public async Task Approving_a_project_that_has_accepted_already_closes_the_request_and_sends_nothing()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject, MemberStatuses.Accepted);
        KnowProject(ConsumerProject, "atlas-analytics");
        var request = AddRequest(AddListing("img-1"));

        var result = await Decisions.ApproveAsync(request.Id, Ct);

        Assert.Equal(DecisionOutcome.AlreadyMember, result.Outcome);
        Assert.StartsWith("atlas-analytics (", result.Message, StringComparison.Ordinal); // a name is written as it is, not capitalised
        Assert.Contains("accepted the share earlier", result.Message, StringComparison.Ordinal);
        using var db = OpenStore();
        Assert.Equal(AccessRequestStatus.Approved, (await db.AccessRequests.SingleAsync(Ct)).Status);
        Assert.Empty(await db.Outbox.ToListAsync(Ct)); // no "choose Accept" mail for a share accepted long ago
        Assert.Contains("already accepted", (await db.AuditEvents.SingleAsync(Ct)).Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "quota", "maximum number of members" },
        { "gone", "no longer exists" },
        { "private", "no longer shared" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refused_approvals_leave_the_request_open_send_nothing_and_record_the_refusal(string situation, string messagePart)
    {
        SignInAs(ProducerProject);
        var image = Images.AddImage("img-1", ProducerProject, visibility: situation == "private" ? "private" : "shared");
        if (situation == "quota")
        {
            Images.MemberQuota = 1;
            Images.Share("img-1", OtherConsumer);
        }

        var request = AddRequest(AddListing("img-1"));
        if (situation == "gone")
        {
            Images.Images.Remove(image);
        }

        var result = await Decisions.ApproveAsync(request.Id, Ct);

        Assert.Equal(DecisionOutcome.Refused, result.Outcome);
        Assert.Contains(messagePart, result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Images.Members, m => m.MemberId == ConsumerProject);
        using var db = OpenStore();
        Assert.Equal(AccessRequestStatus.Open, (await db.AccessRequests.SingleAsync(Ct)).Status);
        Assert.Empty(await db.Outbox.ToListAsync(Ct));
        var refused = await db.AuditEvents.SingleAsync(Ct);
        Assert.Equal((AuditActions.RequestApprove, AuditOutcome.Refused), (refused.Action, refused.Outcome));
    }

    [Fact]
    public async Task Another_projects_request_cannot_be_approved_and_a_decided_one_not_twice()
    {
        Images.AddImage("img-1", ProducerProject);
        var request = AddRequest(AddListing("img-1"));

        SignInAs("7c4e1b8a2d6f4a3e9b5c0d1e2f3a4b5c", "northwind-labs");
        Assert.Equal(DecisionOutcome.NotFound, (await Decisions.ApproveAsync(request.Id, Ct)).Outcome);
        Assert.Equal(DecisionOutcome.NotFound, (await Decisions.DeclineAsync(request.Id, null, Ct)).Outcome);

        SignInAs(ProducerProject);
        Assert.Equal(DecisionOutcome.Declined, (await Decisions.DeclineAsync(request.Id, "Licence does not allow it.", Ct)).Outcome);
        Assert.Equal(DecisionOutcome.AlreadyDecided, (await Decisions.ApproveAsync(request.Id, Ct)).Outcome);
        Assert.Empty(Images.Members);
        using var db = OpenStore();
        var mail = await db.Outbox.SingleAsync(Ct);
        Assert.Equal(NotificationKinds.RequestDeclined, mail.Kind);
        Assert.Contains("Licence does not allow it.", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decline_needs_a_session_and_a_declined_request_is_not_declined_twice()
    {
        Images.AddImage("img-1", ProducerProject);
        var request = AddRequest(AddListing("img-1"));

        var signedOut = await Decisions.DeclineAsync(request.Id, null, Ct);
        Assert.Equal(DecisionOutcome.Refused, signedOut.Outcome);
        Assert.Equal("You are not signed in to a project.", signedOut.Message);

        SignInAs(ProducerProject);
        Assert.Equal(DecisionOutcome.Declined, (await Decisions.DeclineAsync(request.Id, null, Ct)).Outcome);
        var again = await Decisions.DeclineAsync(request.Id, "Changed my mind.", Ct);
        Assert.Equal(DecisionOutcome.AlreadyDecided, again.Outcome);
        using var db = OpenStore();
        var stored = await db.AccessRequests.SingleAsync(Ct);
        Assert.Equal((AccessRequestStatus.Declined, (string?)null), (stored.Status, stored.DeclineReason));
        Assert.Single(await db.Outbox.ToListAsync(Ct)); // one decline mail, not two
    }

    [Fact]
    public async Task A_decline_reason_with_html_is_refused()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        var request = AddRequest(AddListing("img-1"));

        var result = await Decisions.DeclineAsync(request.Id, "<script>alert(1)</script>", Ct);

        Assert.Equal(DecisionOutcome.Invalid, result.Outcome);
        using var db = OpenStore();
        Assert.Equal(AccessRequestStatus.Open, (await db.AccessRequests.SingleAsync(Ct)).Status);
    }

    [Fact]
    public async Task A_signed_in_consumer_requests_for_its_session_project_whatever_the_form_says_and_only_once()
    {
        var listing = AddListing("img-1");
        SignInAs(ConsumerProject, "atlas-analytics");

        var first = await Service.SubmitAsync(listing.Id, new AccessRequestForm { ProjectId = OtherConsumer, Email = "someone@else.example", Message = "For CI." }, Ct);
        var second = await Service.SubmitAsync(listing.Id, new AccessRequestForm { Message = "Again?" }, Ct);

        Assert.Equal(SubmitOutcome.Created, first.Outcome);
        Assert.Equal(SubmitOutcome.AlreadyOpen, second.Outcome);
        Assert.Equal(first.Request!.Id, second.Request!.Id);
        using var db = OpenStore();
        var request = await db.AccessRequests.SingleAsync(Ct);
        Assert.Equal(ConsumerProject, request.RequesterProjectId);
        Assert.Equal("user@atlas-analytics.example", request.RequesterEmail);
        Assert.True(request.IsVerified);
        var received = await db.Outbox.SingleAsync(Ct);
        Assert.Equal((NotificationKinds.RequestReceived, "alice@orbital.example"), (received.Kind, received.To));
    }

    [Fact]
    public async Task A_consumer_withdraws_its_own_open_request_only()
    {
        var request = AddRequest(AddListing("img-1"));

        SignInAs(OtherConsumer);
        Assert.Equal(DecisionOutcome.NotFound, (await Decisions.WithdrawAsync(request.Id, Ct)).Outcome);
        SignInAs(ConsumerProject);
        Assert.Equal(DecisionOutcome.Withdrawn, (await Decisions.WithdrawAsync(request.Id, Ct)).Outcome);
        Assert.Equal(DecisionOutcome.AlreadyDecided, (await Decisions.WithdrawAsync(request.Id, Ct)).Outcome);
    }

    [Fact]
    public async Task Failed_notifications_are_visible_to_their_producer_and_can_be_retried()
    {
        using (var db = OpenStore())
        {
            var message = EmailTemplates.RequestDeclined(AddRequest(AddListing("img-1")), "orbital", "http://p").ToOutbox(ProducerProject, DateTimeOffset.UtcNow);
            message.Status = OutboxStatus.Failed;
            message.Attempts = 10;
            message.LastError = "SocketException: Connection refused";
            db.Outbox.Add(message);
            await db.SaveChangesAsync(Ct);
        }

        SignInAs(ConsumerProject);
        Assert.Empty((await Mail.GetUndeliveredAsync(Ct)).Value!);
        SignInAs(ProducerProject);
        var failed = Assert.Single((await Mail.GetUndeliveredAsync(Ct)).Value!);

        var retried = await Mail.RetryNotificationAsync(failed.Id, Ct);

        Assert.True(retried.Queued);
        using var after = OpenStore();
        var message2 = await after.Outbox.SingleAsync(Ct);
        Assert.Equal((OutboxStatus.Pending, 0), (message2.Status, message2.Attempts));
    }
}
