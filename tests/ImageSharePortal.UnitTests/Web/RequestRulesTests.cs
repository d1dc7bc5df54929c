using ImageSharePortal.Web.Features.Notifications;
using ImageSharePortal.Web.Features.Requests;
using ImageSharePortal.Web.Store;

namespace ImageSharePortal.UnitTests.Web;

public sealed class AccessRequestValidationTests
{
    private const string GoodProject = "c0ffee11223344556677889900aabbcc";

    [Fact]
    public void Accepts_and_trims_a_good_request()
    {
        var input = AccessRequestValidation.Validate($"  {GoodProject} ", " dave@atlas.example ", "  For our CI runners.\nThanks!  ");

        Assert.True(input.IsValid);
        Assert.Equal(GoodProject, input.ProjectId);
        Assert.Equal("dave@atlas.example", input.Email);
        Assert.Equal("For our CI runners.\nThanks!", input.Message);
    }

    [Theory]
    [InlineData(null, "Enter your project ID")]
    [InlineData("", "Enter your project ID")]
    [InlineData("   \t ", "Enter your project ID")]
    [InlineData("<script>alert(1)</script>", "is not a project ID")]
    [InlineData("abc def", "no spaces or control characters")]
    [InlineData("abc\u0000def", "no spaces or control characters")]
    [InlineData("c0ffee11'; DROP TABLE AccessRequests;--", "no spaces or control characters")]
    [InlineData("consumer", "'consumer' is not a project ID")]
    [InlineData("NaN", "is not a project ID")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789", "at most 64 characters")]
    public void Refuses_bad_project_ids(string? projectId, string messagePart)
    {
        var input = AccessRequestValidation.Validate(projectId, "dave@atlas.example", null);

        Assert.False(input.IsValid);
        Assert.Contains(messagePart, input.ErrorFor(AccessRequestValidation.ProjectIdField), StringComparison.Ordinal);
        Assert.Null(input.ErrorFor(AccessRequestValidation.EmailField));
    }

    [Theory]
    [InlineData(null, "Enter an email address")]
    [InlineData("  ", "Enter an email address")]
    [InlineData("dave", "not an email address")]
    [InlineData("dave@", "not an email address")]
    [InlineData("@atlas.example", "not an email address")]
    [InlineData("dave@atlas", "not an email address")]
    [InlineData("dave atlas@example.org", "not an email address")]
    [InlineData("Dave <dave@atlas.example>", "not an email address")]
    [InlineData("<script>@x.org", "not an email address")]
    [InlineData("dave@atlas.example\r\nBcc: all@example.org", "control characters")]
    [InlineData("dave@exa\u0007mple.org", "control characters")]
    public void Refuses_bad_emails(string? email, string messagePart)
    {
        var input = AccessRequestValidation.Validate(GoodProject, email, null);

        Assert.Contains(messagePart, input.ErrorFor(AccessRequestValidation.EmailField), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_overlong_email()
    {
        var email = new string('a', 64) + "@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 4)) + ".org";

        var input = AccessRequestValidation.Validate(GoodProject, email, null);

        Assert.Contains("at most 254 characters", input.ErrorFor(AccessRequestValidation.EmailField), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "HTML tags")]
    [InlineData("hello <img src=x onerror=alert(1)>", "HTML tags")]
    [InlineData("see </textarea>", "HTML tags")]
    [InlineData("bell\u0007", "control characters")]
    [InlineData("nul\u0000byte", "control characters")]
    public void Refuses_bad_messages(string message, string messagePart)
    {
        var input = AccessRequestValidation.Validate(GoodProject, "dave@atlas.example", message);

        Assert.Contains(messagePart, input.ErrorFor(AccessRequestValidation.MessageField), StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_overlong_message_and_accepts_plain_comparisons()
    {
        Assert.Contains("at most 1000 characters", AccessRequestValidation.Validate(GoodProject, "d@a.org", new string('x', 1001)).ErrorFor("Message"), StringComparison.Ordinal);
        Assert.True(AccessRequestValidation.Validate(GoodProject, "d@a.org", "we need 2 < 3 GPUs & more").IsValid);
        Assert.True(AccessRequestValidation.Validate(GoodProject, "d@a.org", new string('x', 1000)).IsValid);
    }

    [Fact]
    public void Reports_every_bad_field_at_once()
    {
        var input = AccessRequestValidation.Validate("", "nope", "<b>hi</b>");

        Assert.Equal(3, input.Errors.Count);
    }
}

public sealed class EmailTemplatesTests
{
    private static AccessRequest Request(string message = "") => new()
    {
        Id = Guid.NewGuid(),
        ImageId = "1f2e3d4c-0000-4000-8000-000000000001",
        ImageName = "Debian <12> & more",
        OwnerProjectId = "3f1c2a9e5b7d4c60a8e2f1b3c5d7e9a1",
        RequesterProjectId = "c0ffee11223344556677889900aabbcc",
        RequesterEmail = "dave@atlas.example",
        Message = message,
        CreatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Share_granted_tells_the_consumer_the_image_id_the_producer_and_how_to_accept()
    {
        var mail = EmailTemplates.ShareGranted(Request(), "orbital-images (Alice)", "https://portal.example/");

        Assert.Equal("dave@atlas.example", mail.To);
        Assert.Equal(NotificationKinds.ShareGranted, mail.Kind);
        foreach (var part in new[] { mail.Text, mail.Html })
        {
            Assert.Contains("1f2e3d4c-0000-4000-8000-000000000001", part, StringComparison.Ordinal);
            Assert.Contains("orbital-images (Alice)", part, StringComparison.Ordinal);
            Assert.Contains("https://portal.example/inbox", part, StringComparison.Ordinal);
            Assert.Contains("openstack image set --accept 1f2e3d4c-0000-4000-8000-000000000001", part, StringComparison.Ordinal);
        }

        Assert.Contains("Debian <12> & more", mail.Text, StringComparison.Ordinal);
        Assert.Contains("Debian &lt;12&gt; &amp; more", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Debian <12>", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_received_quotes_the_message_encoded_in_html()
    {
        var mail = EmailTemplates.RequestReceived(Request("Line one\nwith \"quotes\" & <angle>"), "alice@orbital.example", "Debian listing", "http://127.0.0.1:5080");

        Assert.Equal("alice@orbital.example", mail.To);
        Assert.Contains("> Line one", mail.Text, StringComparison.Ordinal);
        Assert.Contains("&lt;angle&gt;", mail.Html, StringComparison.Ordinal);
        Assert.Contains("typed by a visitor", mail.Text, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5080/requests", mail.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void Declined_carries_the_reason_and_member_decided_names_the_status()
    {
        var request = Request();
        request.DeclineReason = "Licence does not allow it.";
        var declined = EmailTemplates.RequestDeclined(request, "orbital-images", "http://p");
        Assert.Contains("Licence does not allow it.", declined.Text, StringComparison.Ordinal);

        var accepted = EmailTemplates.MemberDecided("alice@orbital.example", "img-1", "Debian", "c0ffee", "atlas-analytics", "accepted", "http://p");
        Assert.Equal(NotificationKinds.ShareAccepted, accepted.Kind);
        Assert.Contains("atlas-analytics accepted Debian", accepted.Subject, StringComparison.Ordinal);
        var rejected = EmailTemplates.MemberDecided("alice@orbital.example", "img-1", "Debian", "c0ffee", "atlas-analytics", "rejected", "http://p");
        Assert.Equal(NotificationKinds.ShareRejected, rejected.Kind);
    }

    [Fact]
    public void Composed_mime_has_both_parts_and_a_message_id_from_the_outbox_row()
    {
        var outbox = EmailTemplates.ShareGranted(Request(), "orbital-images", "http://p").ToOutbox("3f1c", DateTimeOffset.UnixEpoch);

        using var mime = EmailComposer.Compose(outbox, "Portal <noreply@example.org>");

        Assert.Equal($"{outbox.Id:N}@imageshareportal", mime.MessageId);
        Assert.Contains("1f2e3d4c-0000-4000-8000-000000000001", mime.TextBody, StringComparison.Ordinal);
        Assert.Contains("1f2e3d4c-0000-4000-8000-000000000001", mime.HtmlBody, StringComparison.Ordinal);
    }
}

public sealed class EmailOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_need_no_smtp_server()
    {
        Assert.True(new EmailOptionsValidator().Validate(null, new EmailOptions()).Succeeded);
        Assert.Equal(EmailMode.MailDrop, new EmailOptions().Mode);
    }

    [Fact]
    public void Smtp_mode_needs_a_host_a_port_and_credentials_in_pairs()
    {
        var result = new EmailOptionsValidator().Validate(null, new EmailOptions { Mode = EmailMode.Smtp, Port = 0, UserName = "u", From = "not an address" });

        Assert.True(result.Failed);
        Assert.Contains("Email:Host is required", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Email:Port 0", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("go together", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Email:From", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var options = new EmailOptions { RetryBaseDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromMinutes(5) };

        var first = OutboxWorker.Backoff(1, options);
        var third = OutboxWorker.Backoff(3, options);
        var tenth = OutboxWorker.Backoff(10, options);

        Assert.InRange(first.TotalSeconds, 8, 12);
        Assert.InRange(third.TotalSeconds, 32, 48);
        Assert.True(tenth <= options.MaxRetryDelay);

        // Jitter: the same attempt waits different times (so failing instances do not retry in step), always within ±20 %.
        var samples = Enumerable.Range(0, 200).Select(_ => OutboxWorker.Backoff(3, options).TotalMilliseconds).ToList();
        Assert.All(samples, ms => Assert.InRange(ms, 32_000, 48_000));
        Assert.True(samples.Distinct().Count() > 20, "Backoff has no jitter: every retry of an attempt waits the same.");
        Assert.True(samples.Min() < 38_000 && samples.Max() > 42_000, "The jitter does not spread over ±20 %.");
    }

    [Fact]
    public void A_failed_delivery_is_told_to_the_producer_in_words_without_paths_or_exception_text()
    {
        var folder = new IOException("Could not find a part of the path '/srv/portal/data/maildrop/0a1b.eml'.");
        var refused = new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionRefused);

        Assert.Equal("The portal could not write the message (its mail folder or connection failed).", OutboxWorker.DeliveryError(folder));
        Assert.Equal("The mail server did not answer.", OutboxWorker.DeliveryError(refused));
        Assert.DoesNotContain("/srv", OutboxWorker.DeliveryError(folder), StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", OutboxWorker.DeliveryError(new InvalidDataException("x")), StringComparison.Ordinal);
    }
}
