using ImageSharePortal.Images;
using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Features.Projects;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ImageSharePortal.Web.Features.MyImages;

public partial class ImageDetailPage
{
    private readonly Loadable<ImageDetail> _detail = new();
    private int _version;
    private (bool Succeeded, string Message)? _removal;
    private ElementReference _removalElement;
    private bool _focusRemoval;
    private string? _removedCli;
    private string _outcomeKind = "remove-outcome";
    private GlanceMember? _editingEnd;

    [Parameter]
    public string ImageId { get; set; } = "";

    [Inject]
    private MyImagesService Service { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private Shares.RemindersService Reminders { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    private string? _loadedFor;

    protected override Task OnParametersSetAsync()
    {
        if (_loadedFor == ImageId)
        {
            return Task.CompletedTask;
        }

        _loadedFor = ImageId;
        _version++;
        var handedOver = Prerendered?.Image.Id == ImageId ? Prerendered : null;
        return _detail.LoadOnceAsync(RendererInfo.IsInteractive, handedOver, v => Prerendered = v, () => Service.GetAsync(ImageId));
    }

    /// <summary>What prerendering read, handed to the circuit (the image and its members read once per view, no loading flash).</summary>
    [PersistentState]
    public ImageDetail? Prerendered { get; set; }

    private Task LoadAsync()
    {
        _version++;
        return _detail.LoadAsync(() => Service.GetAsync(ImageId));
    }

    /// <summary>After an add or a remove: the members change in place, the form and its outcome stay.</summary>
    private Task RefreshAsync()
    {
        _version++;
        return _detail.RefreshAsync(() => Service.GetAsync(ImageId));
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusRemoval && _removal is not null)
        {
            _focusRemoval = false;
            await _removalElement.FocusAsync();
        }
    }

    private async Task RemoveAsync(GlanceMember member)
    {
        var who = _detail.Value?.Names[member.MemberId] ?? new ProjectLabel(member.MemberId, null);
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Remove member?",
            $"Remove {who.Phrase}? It loses access to this image: new servers cannot boot it; servers already booted from it keep running. " +
            "The project is told by mail where the portal knows an address.",
            yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        var removed = await Service.RemoveMemberAsync(ImageId, member.MemberId);
        _outcomeKind = "remove-outcome";
        _editingEnd = null;
        _removal = removed.IsSuccess
            ? (true, $"Removed {who.Phrase}." + (removed.Value.Count == 0
                ? " The portal knows no address of that project, so nobody was mailed."
                : $" They were told by mail ({string.Join(", ", removed.Value)})."))
            : (false, removed.Error.Message);
        _removedCli = removed.IsSuccess ? null : OpenStackCli.RemoveProject(ImageId, member.MemberId);
        _focusRemoval = true;
        if (removed.IsSuccess)
        {
            await RefreshAsync();
        }
    }

    private static DateTimeOffset? EndOf(ImageDetail detail, string memberId) =>
        detail.Ends.TryGetValue(ProjectIdPolicy.Normalise(memberId), out var at) ? at : null;

    private void EditEnd(GlanceMember member) => _editingEnd = member;

    /// <summary>The editor closed: a change reloads the members and says what happened (focused); a cancel just closes it.</summary>
    private async Task EndEditedAsync(Shares.EndDateResult? result)
    {
        _editingEnd = null;
        if (result is null)
        {
            return;
        }

        _outcomeKind = "member-outcome";
        _removal = (result.Succeeded, result.Message);
        _removedCli = null;
        _focusRemoval = true;
        await RefreshAsync();
    }

    private async Task RemindAsync(GlanceMember member)
    {
        var reminded = await Reminders.RemindAsync(ImageId, member.MemberId);
        _outcomeKind = "member-outcome";
        _removal = (reminded.Sent, reminded.Message);
        _removedCli = null;
        _focusRemoval = true;
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
