using System.Globalization;
using ImageSharePortal.Web.Features.Projects;
using ImageSharePortal.Web.Store;

namespace ImageSharePortal.Web.Features.Notifications;

public static class NotificationKinds
{
    public const string ShareGranted = "share-granted";
    public const string RequestReceived = "request-received";
    public const string RequestDeclined = "request-declined";
    public const string ShareAccepted = "share-accepted";
    public const string ShareRejected = "share-rejected";
    public const string ShareRemoved = "share-removed";
    public const string ShareEndChanged = "share-end-changed";
    public const string ShareEndsSoon = "share-ends-soon";
    public const string ShareEnded = "share-ended";
    public const string ShareReminder = "share-reminder";
}

/// <summary>What a share mail says: which image, from which project to which.</summary>
public sealed record ShareFacts(string ImageId, string ImageName, ProjectLabel Producer, ProjectLabel Consumer, string? SharedBy)
{
    /// <summary>When the share ends by itself (a time-limited share); null when it does not.</summary>
    public DateTimeOffset? EndsAt { get; init; }
}

/// <summary>A message ready for the outbox: plain text and HTML of the same content.</summary>
public sealed record EmailContent(string Kind, string To, string Subject, string Text, string Html)
{
    public OutboxMessage ToOutbox(string projectId, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        Kind = Kind,
        ProjectId = projectId,
        To = To,
        Subject = Subject,
        TextBody = Text,
        HtmlBody = Html,
        CreatedAt = now,
        NextAttemptAt = now,
        Status = OutboxStatus.Pending,
    };
}

/// <summary>
/// The portal's notifications (seed-sharing-images step 4: "the producer notifies the consumer by email that the
/// image is shared, with the image ID"). Everything user-written is HTML-encoded in the HTML part.
/// </summary>
public static class EmailTemplates
{
    /// <summary>An approved request: the share mail, to the address the request gave.</summary>
    public static EmailContent ShareGranted(AccessRequest request, string producerName, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facts = new ShareFacts(request.ImageId, request.ImageName,
            new ProjectLabel(request.OwnerProjectId, producerName), new ProjectLabel(request.RequesterProjectId, null), SharedBy: null);
        return SharedWithYou(request.RequesterEmail, facts, portalUrl);
    }

    /// <summary>
    /// Seed step 4: the consumer learns that an image is shared with its project, its ID, that it boots even while
    /// pending, and how to accept it in the portal or with the CLI.
    /// </summary>
    public static EmailContent SharedWithYou(string to, ShareFacts share, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(share);
        var inbox = Link(portalUrl, "/inbox");
        var lines = new Letter()
            .Para($"{share.Producer.Text} shared the image \"{share.ImageName}\" with your project {share.Consumer.Text}.")
            .Fact("Image", share.ImageName)
            .Fact("Image ID", share.ImageId)
            .Fact("Shared by", share.SharedBy is null ? share.Producer.Text : $"{share.SharedBy}, {share.Producer.Text}")
            .Fact("Your project", share.Consumer.Text);
        if (share.EndsAt is { } endsAt)
        {
            lines.Fact("Share ends", $"{Stamp(endsAt)} (then new servers cannot boot it; you are mailed before)");
        }

        lines
            .Para("You can boot the image by its ID now, even while the share is pending. Accepting it puts it in your project's image list.")
            .Para($"Accept it in the portal: sign in, open your inbox ({inbox}) and choose Accept.", inbox)
            .Para("Or with the OpenStack CLI, acting for your project:")
            .Code($"openstack image set --accept {share.ImageId}")
            .Para("Not for you? Choose Reject in the inbox, or:")
            .Code($"openstack image set --reject {share.ImageId}");
        return lines.Build(NotificationKinds.ShareGranted, to, $"Image shared with you: {share.ImageName} ({share.ImageId})");
    }

    /// <summary>The producer removed the consumer's project from an image: new servers can no longer boot it.</summary>
    public static EmailContent ShareRemoved(string to, ShareFacts share, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(share);
        var catalogue = Link(portalUrl, "/catalogue");
        var lines = new Letter()
            .Para($"{share.Producer.Text} stopped sharing the image \"{share.ImageName}\" with your project {share.Consumer.Text}.")
            .Fact("Image", share.ImageName)
            .Fact("Image ID", share.ImageId)
            .Fact("Removed by", share.SharedBy is null ? share.Producer.Text : $"{share.SharedBy}, {share.Producer.Text}")
            .Para("Servers already running from it keep running; new servers cannot boot it any more.")
            .Para($"To ask for it again, find it in the catalogue: {catalogue}", catalogue);
        return lines.Build(NotificationKinds.ShareRemoved, to, $"Image no longer shared with you: {share.ImageName} ({share.ImageId})");
    }

    public static EmailContent RequestReceived(AccessRequest request, string producerEmail, string listingTitle, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var queue = Link(portalUrl, "/requests");
        var letter = new Letter()
            .Para($"Project {request.RequesterProjectId} asks for access to \"{listingTitle}\".")
            .Fact("Image", $"{request.ImageName} ({request.ImageId})")
            .Fact("Project ID", request.RequesterProjectId + (request.IsVerified ? " (verified: sent from a signed-in session)" : " (typed by a visitor: check it)"))
            .Fact("Email", request.RequesterEmail)
            .Fact("Asked", Stamp(request.CreatedAt));
        if (!string.IsNullOrWhiteSpace(request.Message))
        {
            letter.Para("Their message:").Quote(request.Message);
        }

        letter.Para($"Approve or decline it in your request queue: {queue}", queue);
        return letter.Build(NotificationKinds.RequestReceived, producerEmail, $"Access request for {listingTitle} from project {request.RequesterProjectId}");
    }

    public static EmailContent RequestDeclined(AccessRequest request, string producerName, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(request);
        var catalogue = Link(portalUrl, "/catalogue");
        var letter = new Letter()
            .Para($"{producerName} declined your request for access to \"{request.ImageName}\" for project {request.RequesterProjectId}.");
        if (!string.IsNullOrWhiteSpace(request.DeclineReason))
        {
            letter.Para("Their reason:").Quote(request.DeclineReason);
        }

        letter.Para($"Other images are in the catalogue: {catalogue}", catalogue);
        return letter.Build(NotificationKinds.RequestDeclined, request.RequesterEmail, $"Access request declined: {request.ImageName}");
    }

    public static EmailContent MemberDecided(string producerEmail, string imageId, string imageName, string memberProjectId, string memberProjectName, string status, string portalUrl)
    {
        var accepted = status == Images.MemberStatuses.Accepted;
        var page = Link(portalUrl, $"/images/{Uri.EscapeDataString(imageId)}");
        var letter = new Letter()
            .Para($"Project {memberProjectName} ({memberProjectId}) {(accepted ? "accepted" : "rejected")} your image \"{imageName}\" in the portal.")
            .Fact("Image ID", imageId)
            .Fact("Member", memberProjectId)
            .Fact("Status", status)
            .Para($"Members of the image: {page}", page);
        return letter.Build(accepted ? NotificationKinds.ShareAccepted : NotificationKinds.ShareRejected, producerEmail,
            $"{memberProjectName} {(accepted ? "accepted" : "rejected")} {imageName}");
    }

    internal static string Link(string portalUrl, string path) => portalUrl.TrimEnd('/') + path;

    internal static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
