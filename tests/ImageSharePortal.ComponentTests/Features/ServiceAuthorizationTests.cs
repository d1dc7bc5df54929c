using ImageSharePortal.Images;
using ImageSharePortal.Web.Features.Inbox;
using ImageSharePortal.Web.Features.MyImages;

namespace ImageSharePortal.ComponentTests.Features;

/// <summary>The services enforce the API's rules themselves, whatever the UI shows.</summary>
public sealed class ServiceAuthorizationTests : PortalTestContext
{
    [Fact]
    public async Task A_consumer_cannot_add_members_to_someone_elses_image()
    {
        SignInAs(ConsumerProject);
        Images.AddImage("img-1", ProducerProject);

        var result = await Services.GetRequiredService<MemberSharingService>().AddMemberAsync("img-1", "d15ea5e0123456789abcdef012345678", cancellationToken: Ct);

        Assert.Equal(AddMemberOutcome.Refused, result.Outcome);
        Assert.Equal("Only the project that owns this image can share it.", result.Message);
        Assert.Empty(Images.Members);
    }

    [Fact]
    public async Task A_consumer_cannot_remove_members_even_itself()
    {
        SignInAs(ConsumerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject);

        var result = await Services.GetRequiredService<MyImagesService>().RemoveMemberAsync("img-1", ConsumerProject, Ct);

        Assert.Equal(ImagesErrorKind.Forbidden, result.Error!.Kind);
        Assert.Single(Images.Members);
    }

    [Fact]
    public async Task A_consumer_cannot_switch_someone_elses_image_to_shared()
    {
        SignInAs(ConsumerProject);
        Images.AddImage("img-1", ProducerProject, visibility: "private");

        var result = await Services.GetRequiredService<MyImagesService>().SwitchToSharedAsync("img-1", Ct);

        Assert.Equal(ImagesErrorKind.Forbidden, result.Error!.Kind);
        Assert.Equal("private", Images.Images[0].Visibility);
    }

    [Fact]
    public async Task Status_changes_always_act_for_the_session_project()
    {
        SignInAs(ConsumerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject);
        Images.Share("img-1", "d15ea5e0123456789abcdef012345678");

        var result = await Services.GetRequiredService<InboxService>().SetStatusAsync("img-1", MemberStatuses.Accepted, Ct);

        Assert.True(result.IsSuccess);
        Assert.Equal(ConsumerProject, result.Value.MemberId);
        Assert.Equal(MemberStatuses.Pending, Images.Members.Single(m => m.MemberId != ConsumerProject).Status);
    }

    [Fact]
    public async Task A_producer_cannot_set_a_members_status_through_the_inbox()
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject);
        Images.Share("img-1", ConsumerProject);

        var result = await Services.GetRequiredService<InboxService>().SetStatusAsync("img-1", MemberStatuses.Accepted, Ct);

        Assert.False(result.IsSuccess);
        Assert.Equal(MemberStatuses.Pending, Images.Members[0].Status);
    }

    [Theory]
    [InlineData("public", "every project can already see and boot it")]
    [InlineData("community", "any project that knows its ID can boot it")]
    [InlineData("private", "Switch it to shared?")]
    public async Task Members_on_non_shared_images_are_explained(string visibility, string explanation)
    {
        SignInAs(ProducerProject);
        Images.AddImage("img-1", ProducerProject, visibility: visibility);

        var result = await Services.GetRequiredService<MemberSharingService>().AddMemberAsync("img-1", ConsumerProject, cancellationToken: Ct);

        Assert.NotEqual(AddMemberOutcome.Added, result.Outcome);
        Assert.Contains(explanation, result.Message, StringComparison.Ordinal);
        Assert.Empty(Images.Members);
    }

    [Fact]
    public async Task Signed_out_callers_get_nothing()
    {
        Images.AddImage("img-1", ProducerProject);

        var inbox = await Services.GetRequiredService<InboxService>().LoadAsync(Ct);
        var images = await Services.GetRequiredService<MyImagesService>().ListAsync(null, cancellationToken: Ct);

        Assert.Equal(ImagesErrorKind.Unauthorized, inbox.Error!.Kind);
        Assert.Equal(ImagesErrorKind.Unauthorized, images.Error!.Kind);
        Assert.Equal(0, Images.Calls);
    }
}
