using System.Globalization;
using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
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

    private string Heading => _detail.Value is { } detail ? detail.Image.Name ?? detail.Image.Id : _detail.IsNotFound ? L["Image.NotFoundTitle"] : L["Image.Title"];

    private static string Count(int n) => n.ToString("N0", CultureInfo.CurrentCulture);

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
        var confirmed = await ConfirmDialog.AskAsync(
            Dialogs,
            L["Image.RemoveTitle"],
            L["Image.RemoveQuestion", Words.Phrase(who)],
            L["Image.Remove"], destructive: true);
        if (!confirmed)
        {
            return;
        }

        var removed = await Service.RemoveMemberAsync(ImageId, member.MemberId);
        _outcomeKind = "remove-outcome";
        _editingEnd = null;
        _removal = removed.IsSuccess
            ? (true, removed.Value.Count == 0
                ? L["Image.RemovedNobodyMailed", Words.Phrase(who)]
                : L["Image.RemovedMailed", Words.Phrase(who), string.Join(", ", removed.Value)])
            : (false, ErrorText.For(L, removed.Error));
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
        var confirmed = await ConfirmDialog.AskAsync(
            Dialogs,
            L["Image.SwitchTitle"],
            L["Image.SwitchQuestion"],
            L["Image.SwitchConfirm"], destructive: false);
        if (!confirmed)
        {
            return;
        }

        var switched = await Service.SwitchToSharedAsync(ImageId);
        if (switched.IsSuccess)
        {
            Snackbar.Add(L["Image.NowShared"].Value, Severity.Success);
            await LoadAsync();
        }
        else
        {
            Snackbar.Add(ErrorText.For(L, switched.Error), Severity.Error);
        }
    }
}
