using ImageSharePortal.Images;
using ImageSharePortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ImageSharePortal.Web.Features.MyImages;

public partial class ImageDetailPage
{
    private readonly Loadable<ImageDetail> _detail = new();
    private int _version;

    [Parameter]
    public string ImageId { get; set; } = "";

    [Inject]
    private MyImagesService Service { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private Task LoadAsync()
    {
        _version++;
        return _detail.LoadAsync(() => Service.GetAsync(ImageId));
    }

    private async Task RemoveAsync(GlanceMember member)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove member?",
            $"Project {member.MemberId} will lose access to this image. Instances already booted from it keep running.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var removed = await Service.RemoveMemberAsync(ImageId, member.MemberId);
        if (removed.IsSuccess)
        {
            Snackbar.Add($"Removed project {member.MemberId}.", Severity.Success);
            await LoadAsync();
        }
        else
        {
            Snackbar.Add(removed.Error.Message, Severity.Error);
        }
    }

    private async Task SwitchToSharedAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Switch to shared?",
            "Shared images stay invisible to other projects until you add them as members. Projects you add can boot this image.",
            yesText: "Switch to shared", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var switched = await Service.SwitchToSharedAsync(ImageId);
        if (switched.IsSuccess)
        {
            Snackbar.Add("The image is now shared.", Severity.Success);
            await LoadAsync();
        }
        else
        {
            Snackbar.Add(switched.Error.Message, Severity.Error);
        }
    }
}
