using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Features.Shares;

/// <summary>
/// The mails of time-limited shares and reminders, to the consumer and to the producer. The words (keys <c>Mail.*</c>)
/// are in the language of <c>words</c> when it is given, else in the current UI culture's (as <see cref="EmailTemplates"/>).
/// </summary>
public static class ShareMails
{
    /// <summary>The producer set, moved or cleared the end date (to the consumer).</summary>
    public static EmailContent EndChanged(string to, ShareFacts share, DateTimeOffset? endsAt, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        var l = words ?? EmailTemplates.PortalWords;
        var inbox = EmailTemplates.Link(portalUrl, "/inbox");
        var letter = new Letter();
        if (endsAt is { } end)
        {
            letter.Para(l["Mail.EndChanged.Intro", share.Producer.Text, share.ImageName, share.Consumer.Text, EmailTemplates.Stamp(end)])
                .Fact(l["Mail.Image"], share.ImageName)
                .Fact(l["Mail.ImageId"], share.ImageId)
                .Fact(l["Mail.ShareEnds"], EmailTemplates.Stamp(end))
                .Fact(l["Mail.SetBy"], share.SharedBy is null ? share.Producer.Text : $"{share.SharedBy}, {share.Producer.Text}")
                .Para(l["Mail.EndChanged.Then"])
                .Para(l["Mail.YourInbox", inbox], inbox);
            return letter.Build(NotificationKinds.ShareEndChanged, to, l["Mail.EndChanged.Subject", EmailTemplates.Stamp(end), share.ImageName, share.ImageId]);
        }

        letter.Para(l["Mail.EndCleared.Intro", share.Producer.Text, share.ImageName, share.Consumer.Text])
            .Fact(l["Mail.Image"], share.ImageName)
            .Fact(l["Mail.ImageId"], share.ImageId)
            .Para(l["Mail.YourInbox", inbox], inbox);
        return letter.Build(NotificationKinds.ShareEndChanged, to, l["Mail.EndCleared.Subject", share.ImageName, share.ImageId]);
    }

    /// <summary>A notice ahead of the end, to either side.</summary>
    public static EmailContent EndsSoon(string to, ShareFacts share, DateTimeOffset endsAt, DateTimeOffset now, bool toProducer, string portalUrl,
        IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        var l = words ?? EmailTemplates.PortalWords;
        var left = ShareSchedule.Describe(endsAt - now, l);
        var letter = new Letter();
        if (toProducer)
        {
            var page = EmailTemplates.Link(portalUrl, $"/images/{Uri.EscapeDataString(share.ImageId)}");
            letter.Para(l["Mail.EndsSoon.ToProducer", share.ImageName, Words.Phrase(share.Consumer), left, EmailTemplates.Stamp(endsAt)])
                .Fact(l["Mail.ImageId"], share.ImageId)
                .Fact(l["Mail.Member"], share.Consumer.Text)
                .Fact(l["Mail.ShareEnds"], EmailTemplates.Stamp(endsAt))
                .Para(l["Mail.EndsSoon.ThenRemoved", page], page);
        }
        else
        {
            var inbox = EmailTemplates.Link(portalUrl, "/inbox");
            letter.Para(l["Mail.EndsSoon.ToConsumer", share.ImageName, share.Consumer.Text, share.Producer.Text, left, EmailTemplates.Stamp(endsAt)])
                .Fact(l["Mail.ImageId"], share.ImageId)
                .Fact(l["Mail.ShareEnds"], EmailTemplates.Stamp(endsAt))
                .Para(l["Mail.EndsSoon.Running"])
                .Para(l["Mail.YourInbox", inbox], inbox);
        }

        return letter.Build(NotificationKinds.ShareEndsSoon, to, l["Mail.EndsSoon.Subject", left, share.ImageName, share.ImageId]);
    }

    /// <summary>The end date came and the member was removed, to either side.</summary>
    public static EmailContent Ended(string to, ShareFacts share, DateTimeOffset endsAt, bool toProducer, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        var l = words ?? EmailTemplates.PortalWords;
        var letter = new Letter();
        if (toProducer)
        {
            var page = EmailTemplates.Link(portalUrl, $"/images/{Uri.EscapeDataString(share.ImageId)}");
            letter.Para(l["Mail.Ended.ToProducer", share.ImageName, Words.Phrase(share.Consumer), EmailTemplates.Stamp(endsAt)])
                .Fact(l["Mail.ImageId"], share.ImageId)
                .Fact(l["Mail.Member"], share.Consumer.Text)
                .Para(l["Mail.Ended.ShareAgain", page], page);
        }
        else
        {
            var catalogue = EmailTemplates.Link(portalUrl, "/catalogue");
            letter.Para(l["Mail.Ended.ToConsumer", share.ImageName, share.Producer.Text, share.Consumer.Text, EmailTemplates.Stamp(endsAt)])
                .Fact(l["Mail.ImageId"], share.ImageId)
                .Para(l["Mail.Removed.Running"])
                .Para(l["Mail.Removed.AskAgain", catalogue], catalogue);
        }

        return letter.Build(NotificationKinds.ShareEnded, to, l["Mail.Ended.Subject", share.ImageName, share.ImageId]);
    }

    /// <summary>A reminder of a pending share: what the image is, how to accept, how to reject, how to stop reminders.</summary>
    public static EmailContent Reminder(string to, ShareFacts share, DateTimeOffset pendingSince, bool automatic, string portalUrl, IStringLocalizer<Strings>? words = null)
    {
        ArgumentNullException.ThrowIfNull(share);
        var l = words ?? EmailTemplates.PortalWords;
        var inbox = EmailTemplates.Link(portalUrl, "/inbox");
        var settings = EmailTemplates.Link(portalUrl, "/inbox/reminders");
        var letter = new Letter()
            .Para(l["Mail.Reminder.Intro", share.Producer.Text, share.ImageName, share.Consumer.Text, EmailTemplates.Stamp(pendingSince)])
            .Fact(l["Mail.Image"], share.ImageName)
            .Fact(l["Mail.ImageId"], share.ImageId)
            .Fact(l["Mail.SharedBy"], share.Producer.Text)
            .Fact(l["Mail.RemindedBy"], automatic ? l["Mail.Reminder.Automatic"] : share.SharedBy ?? share.Producer.Text)
            .Para(l["Mail.Reminder.Accept", inbox], inbox)
            .Code($"openstack image set --accept {share.ImageId}")
            .Para(l["Mail.Reminder.Reject"])
            .Code($"openstack image set --reject {share.ImageId}")
            .Para(l["Mail.Reminder.Stop", share.Producer.Text, settings], settings);
        return letter.Build(NotificationKinds.ShareReminder, to, l["Mail.Reminder.Subject", share.ImageName, share.ImageId]);
    }
}
