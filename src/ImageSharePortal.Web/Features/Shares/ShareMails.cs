using ImageSharePortal.Web.Features.Notifications;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>The mails of time-limited shares and reminders, to the consumer and to the producer.</summary>
public static class ShareMails
{
    /// <summary>The producer set, moved or cleared the end date (to the consumer).</summary>
    public static EmailContent EndChanged(string to, ShareFacts share, DateTimeOffset? endsAt, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(share);
        var inbox = EmailTemplates.Link(portalUrl, "/inbox");
        var letter = new Letter();
        if (endsAt is { } end)
        {
            letter.Para($"{share.Producer.Text} shares the image \"{share.ImageName}\" with your project {share.Consumer.Text} until {EmailTemplates.Stamp(end)}.")
                .Fact("Image", share.ImageName)
                .Fact("Image ID", share.ImageId)
                .Fact("Share ends", EmailTemplates.Stamp(end))
                .Fact("Set by", share.SharedBy is null ? share.Producer.Text : $"{share.SharedBy}, {share.Producer.Text}")
                .Para("At that time the portal removes your project from the image: servers already running keep running, new servers cannot boot it. " +
                      "You are mailed again before it ends. To keep it longer, ask the producer.")
                .Para($"Your inbox: {inbox}", inbox);
            return letter.Build(NotificationKinds.ShareEndChanged, to, $"Share ends {EmailTemplates.Stamp(end)}: {share.ImageName} ({share.ImageId})");
        }

        letter.Para($"{share.Producer.Text} removed the end date of the share of \"{share.ImageName}\" with your project {share.Consumer.Text}: it no longer ends by itself.")
            .Fact("Image", share.ImageName)
            .Fact("Image ID", share.ImageId)
            .Para($"Your inbox: {inbox}", inbox);
        return letter.Build(NotificationKinds.ShareEndChanged, to, $"Share no longer ends: {share.ImageName} ({share.ImageId})");
    }

    /// <summary>A notice ahead of the end, to either side.</summary>
    public static EmailContent EndsSoon(string to, ShareFacts share, DateTimeOffset endsAt, DateTimeOffset now, bool toProducer, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(share);
        var left = ShareSchedule.Describe(endsAt - now);
        var letter = new Letter();
        if (toProducer)
        {
            var page = EmailTemplates.Link(portalUrl, $"/images/{Uri.EscapeDataString(share.ImageId)}");
            letter.Para($"The share of your image \"{share.ImageName}\" with {share.Consumer.Phrase} ends in {left}, at {EmailTemplates.Stamp(endsAt)}.")
                .Fact("Image ID", share.ImageId)
                .Fact("Member", share.Consumer.Text)
                .Fact("Share ends", EmailTemplates.Stamp(endsAt))
                .Para($"Then the portal removes the member. To extend or clear the end date, open the image: {page}", page);
        }
        else
        {
            var inbox = EmailTemplates.Link(portalUrl, "/inbox");
            letter.Para($"The image \"{share.ImageName}\", shared with your project {share.Consumer.Text} by {share.Producer.Text}, stops being shared in {left}, at {EmailTemplates.Stamp(endsAt)}.")
                .Fact("Image ID", share.ImageId)
                .Fact("Share ends", EmailTemplates.Stamp(endsAt))
                .Para("Servers already running from it keep running; after the end, new servers cannot boot it. To keep it longer, ask the producer.")
                .Para($"Your inbox: {inbox}", inbox);
        }

        return letter.Build(NotificationKinds.ShareEndsSoon, to, $"Share ends in {left}: {share.ImageName} ({share.ImageId})");
    }

    /// <summary>The end date came and the member was removed, to either side.</summary>
    public static EmailContent Ended(string to, ShareFacts share, DateTimeOffset endsAt, bool toProducer, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(share);
        var letter = new Letter();
        if (toProducer)
        {
            var page = EmailTemplates.Link(portalUrl, $"/images/{Uri.EscapeDataString(share.ImageId)}");
            letter.Para($"The share of your image \"{share.ImageName}\" with {share.Consumer.Phrase} ended at {EmailTemplates.Stamp(endsAt)}: the portal removed the member.")
                .Fact("Image ID", share.ImageId)
                .Fact("Member", share.Consumer.Text)
                .Para($"To share it again, add the project on the image's page: {page}", page);
        }
        else
        {
            var catalogue = EmailTemplates.Link(portalUrl, "/catalogue");
            letter.Para($"The share of the image \"{share.ImageName}\" by {share.Producer.Text} with your project {share.Consumer.Text} ended at {EmailTemplates.Stamp(endsAt)}.")
                .Fact("Image ID", share.ImageId)
                .Para("Servers already running from it keep running; new servers cannot boot it any more.")
                .Para($"To ask for it again, find it in the catalogue: {catalogue}", catalogue);
        }

        return letter.Build(NotificationKinds.ShareEnded, to, $"Share ended: {share.ImageName} ({share.ImageId})");
    }

    /// <summary>A reminder of a pending share: what the image is, how to accept, how to reject, how to stop reminders.</summary>
    public static EmailContent Reminder(string to, ShareFacts share, DateTimeOffset pendingSince, bool automatic, string portalUrl)
    {
        ArgumentNullException.ThrowIfNull(share);
        var inbox = EmailTemplates.Link(portalUrl, "/inbox");
        var settings = EmailTemplates.Link(portalUrl, "/inbox/reminders");
        var letter = new Letter()
            .Para($"A reminder from {share.Producer.Text}: the image \"{share.ImageName}\" has been shared with your project {share.Consumer.Text} since " +
                  $"{EmailTemplates.Stamp(pendingSince)}, and is still waiting for your answer.")
            .Fact("Image", share.ImageName)
            .Fact("Image ID", share.ImageId)
            .Fact("Shared by", share.Producer.Text)
            .Fact("Reminded by", automatic ? "the portal's automatic reminders, set by the producer" : share.SharedBy ?? share.Producer.Text)
            .Para($"To accept it: sign in, open your inbox ({inbox}) and choose Accept. It then appears in your project's image list.", inbox)
            .Code($"openstack image set --accept {share.ImageId}")
            .Para("To reject it: choose Reject in the inbox. The producer is told, and you are not reminded of it again.")
            .Code($"openstack image set --reject {share.ImageId}")
            .Para($"To stop reminders from {share.Producer.Text}: sign in and choose \"Stop reminders\" for that project on {settings}", settings);
        return letter.Build(NotificationKinds.ShareReminder, to, $"Reminder: {share.ImageName} ({share.ImageId}) is waiting in your inbox");
    }
}
