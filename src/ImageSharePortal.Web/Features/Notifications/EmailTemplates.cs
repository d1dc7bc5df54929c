using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

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
/// The words (keys <c>Mail.*</c>) are in the language of a template's <c>words</c> when it is given, else in the portal's
/// resources for <see cref="System.Globalization.CultureInfo.CurrentUICulture"/> when the mail is composed; the plain-text and
/// HTML parts are built from the same sentences (<see cref="Letter"/>).
/// </summary>
public static class EmailTemplates
{
    /// <summary>The portal's resources, read in the current UI culture: the words of a template called without its own.</summary>
    internal static IStringLocalizer<Strings> PortalWords => PortalStrings.Instance;

    /// <summary>An approved request: the share mail, to the address the request gave.</summary>
    public static EmailContent ShareGranted(AccessRequest request, string producerName, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var facts = new ShareFacts(request.ImageId, request.ImageName,
            new ProjectLabel(request.OwnerProjectId, producerName), new ProjectLabel(request.RequesterProjectId, null), SharedBy: null);
        return SharedWithYou(request.RequesterEmail, facts, portalUrl, words);
    }

    /// <summary>
    /// Seed step 4: the consumer learns that an image is shared with its project, its ID, that it boots even while
    /// pending, and how to accept it in the portal or with the CLI.
    /// </summary>
    public static EmailContent SharedWithYou(string to, ShareFacts share, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        var l = words ?? PortalWords;
        var inbox = Link(portalUrl, "/inbox");
        var lines = new Letter()
            .Para(l["Mail.Shared.Intro", share.Producer.Text, share.ImageName, share.Consumer.Text])
            .Fact(l["Mail.Image"], share.ImageName)
            .Fact(l["Mail.ImageId"], share.ImageId)
            .Fact(l["Mail.SharedBy"], share.SharedBy is null ? share.Producer.Text : $"{share.SharedBy}, {share.Producer.Text}")
            .Fact(l["Mail.YourProject"], share.Consumer.Text);
        if (share.EndsAt is { } endsAt)
        {
            lines.Fact(l["Mail.ShareEnds"], l["Mail.Shared.EndsValue", Stamp(endsAt)]);
        }

        lines
            .Para(l["Mail.Shared.BootNow"])
            .Para(l["Mail.Shared.AcceptInPortal", inbox], inbox)
            .Para(l["Mail.Shared.OrCli"])
            .Code($"openstack image set --accept {share.ImageId}")
            .Para(l["Mail.Shared.NotForYou"])
            .Code($"openstack image set --reject {share.ImageId}");
        return lines.Build(NotificationKinds.ShareGranted, to, l["Mail.Shared.Subject", share.ImageName, share.ImageId]);
    }

    /// <summary>The producer removed the consumer's project from an image: new servers can no longer boot it.</summary>
    public static EmailContent ShareRemoved(string to, ShareFacts share, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        var l = words ?? PortalWords;
        var catalogue = Link(portalUrl, "/catalogue");
        var lines = new Letter()
            .Para(l["Mail.Removed.Intro", share.Producer.Text, share.ImageName, share.Consumer.Text])
            .Fact(l["Mail.Image"], share.ImageName)
            .Fact(l["Mail.ImageId"], share.ImageId)
            .Fact(l["Mail.RemovedBy"], share.SharedBy is null ? share.Producer.Text : $"{share.SharedBy}, {share.Producer.Text}")
            .Para(l["Mail.Removed.Running"])
            .Para(l["Mail.Removed.AskAgain", catalogue], catalogue);
        return lines.Build(NotificationKinds.ShareRemoved, to, l["Mail.Removed.Subject", share.ImageName, share.ImageId]);
    }

    public static EmailContent RequestReceived(AccessRequest request, string producerEmail, string listingTitle, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var l = words ?? PortalWords;
        var queue = Link(portalUrl, "/requests");
        var letter = new Letter()
            .Para(l["Mail.Request.Intro", request.RequesterProjectId, listingTitle])
            .Fact(l["Mail.Image"], $"{request.ImageName} ({request.ImageId})")
            .Fact(l["Mail.ProjectId"], request.IsVerified ? l["Mail.Request.Verified", request.RequesterProjectId] : l["Mail.Request.Unverified", request.RequesterProjectId])
            .Fact(l["Mail.Email"], request.RequesterEmail)
            .Fact(l["Mail.Asked"], Stamp(request.CreatedAt));
        if (!string.IsNullOrWhiteSpace(request.Message))
        {
            letter.Para(l["Mail.Request.TheirMessage"]).Quote(request.Message);
        }

        letter.Para(l["Mail.Request.Decide", queue], queue);
        return letter.Build(NotificationKinds.RequestReceived, producerEmail, l["Mail.Request.Subject", listingTitle, request.RequesterProjectId]);
    }

    public static EmailContent RequestDeclined(AccessRequest request, string producerName, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var l = words ?? PortalWords;
        var catalogue = Link(portalUrl, "/catalogue");
        var letter = new Letter()
            .Para(l["Mail.Declined.Intro", producerName, request.ImageName, request.RequesterProjectId]);
        if (!string.IsNullOrWhiteSpace(request.DeclineReason))
        {
            letter.Para(l["Mail.Declined.TheirReason"]).Quote(request.DeclineReason);
        }

        letter.Para(l["Mail.Declined.OtherImages", catalogue], catalogue);
        return letter.Build(NotificationKinds.RequestDeclined, request.RequesterEmail, l["Mail.Declined.Subject", request.ImageName]);
    }

    public static EmailContent MemberDecided(string producerEmail, string imageId, string imageName, string memberProjectId, string memberProjectName, string status, string portalUrl,
        IStringLocalizer<Strings>? words = null)
    {
        var l = words ?? PortalWords;
        var accepted = status == Images.MemberStatuses.Accepted;
        var page = Link(portalUrl, $"/images/{Uri.EscapeDataString(imageId)}");
        var letter = new Letter()
            .Para(accepted ? l["Mail.Accepted.Intro", memberProjectName, memberProjectId, imageName] : l["Mail.Rejected.Intro", memberProjectName, memberProjectId, imageName])
            .Fact(l["Mail.ImageId"], imageId)
            .Fact(l["Mail.Member"], memberProjectId)
            .Fact(l["Mail.Status"], status)
            .Para(l["Mail.Members", page], page);
        return letter.Build(accepted ? NotificationKinds.ShareAccepted : NotificationKinds.ShareRejected, producerEmail,
            accepted ? l["Mail.Accepted.Subject", memberProjectName, imageName] : l["Mail.Rejected.Subject", memberProjectName, imageName]);
    }

    internal static string Link(string portalUrl, string path) => portalUrl.TrimEnd('/') + path;

    /// <summary>A time in a mail, written as the portal's pages write it (<see cref="Format.DateTime"/>).</summary>
    internal static string Stamp(DateTimeOffset at) => Format.DateTime(at);
}
