using ImageSharePortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace ImageSharePortal.Web.Features.MyImages;

public sealed record ShareProgress(int Done, int Total);

public partial class AddMemberForm
{
    private string? _projectId;
    private string? _email;
    private string? _list;
    private string? _endsAt;
    private string? _endError;
    private string? _error;
    private bool _bulk;
    private bool _busy;
    private bool _focusOutcome;
    private bool _focusInput;
    private int _repeats;
    private MudBlazor.MudTextField<string>? _singleField;
    private MudBlazor.MudTextField<string>? _listField;
    private ShareProgress? _progress;
    private List<BulkShareRow> _rows = [];
    private ElementReference _outcomeElement;

    [Inject]
    private MemberSharingService Service { get; set; } = default!;

    [Inject]
    private ProjectIdPolicy Policy { get; set; } = default!;

    [Inject]
    private Shares.IServiceImagesCaller ServiceCaller { get; set; } = default!;

    private string? EndsUnavailable => ServiceCaller.Unavailable is null ? null : L["MyImages.EndsUnavailable", ServiceCaller.Unavailable].Value;

    [Parameter, EditorRequired]
    public string ImageId { get; set; } = "";

    [Parameter, EditorRequired]
    public EventCallback OnAdded { get; set; }

    [Parameter]
    public bool Disabled { get; set; }

    private string CliCommand
    {
        get
        {
            var id = ProjectIdPolicy.Normalise(_projectId);
            return OpenStackCli.AddProject(ImageId, !_bulk && Policy.IsValid(id) ? id : null);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusInput)
        {
            _focusInput = false;
            if ((_bulk ? _listField : _singleField) is { } field)
            {
                await field.FocusAsync();
            }
        }

        if (_focusOutcome)
        {
            _focusOutcome = false;
            await _outcomeElement.FocusAsync();
        }
    }

    private void SwitchMode(bool bulk)
    {
        _bulk = bulk;
        _error = null;
        _rows = [];
        _repeats = 0;
        _focusInput = true;
    }

    private Task AddOneAsync() => ShareAsync([_projectId ?? ""], new ShareOptions(NotifyEmail: string.IsNullOrWhiteSpace(_email) ? null : _email));

    /// <summary>The end typed for the shares (null = none); false when it cannot be read, with the message on the field.</summary>
    private bool TryReadEnd(out DateTimeOffset? endsAt)
    {
        (endsAt, _endError) = Shares.EndDateText.Parse(_endsAt, L);
        return _endError is null;
    }

    private async Task AddManyAsync()
    {
        var ids = MemberSharingService.SplitList(_list);
        if (ids.Count == 0)
        {
            _error = L["MyImages.PasteOne"];
            return;
        }

        var typed = (_list ?? "").Split(['\n', '\r', ',', ';', ' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Length;
        await ShareAsync(ids, new ShareOptions());
        _repeats = typed - ids.Count;
    }

    /// <summary>Shares the IDs that waited for a confirmation, and keeps the other rows' outcomes.</summary>
    private async Task ShareAnywayAsync()
    {
        var waiting = _rows.Where(r => r.Result.Outcome == AddMemberOutcome.NeedsConfirmation).ToList();
        var kept = _rows.Except(waiting).ToList();
        await ShareAsync([.. waiting.Select(r => r.Result.ProjectId ?? r.Input)], new ShareOptions(ConfirmUnseen: true, NotifyEmail: _bulk || string.IsNullOrWhiteSpace(_email) ? null : _email), kept);
    }

    private void CancelUnseen()
    {
        _rows = [.. _rows.Select(r => r.Result.Outcome == AddMemberOutcome.NeedsConfirmation
            ? r with { Result = r.Result with { Outcome = AddMemberOutcome.Refused, Message = L["MyImages.ChoseNotTo", r.Result.ProjectId ?? ""] } }
            : r)];
        _focusOutcome = true;
    }

    private async Task UseSuggestionAsync(BulkShareRow row)
    {
        if (row.Result.Suggestion is not { } suggestion)
        {
            return;
        }

        var kept = _rows.Where(r => r != row).ToList();
        await ShareAsync([suggestion.Id], new ShareOptions(NotifyEmail: _bulk || string.IsNullOrWhiteSpace(_email) ? null : _email), kept);
    }

    private async Task ShareAsync(IReadOnlyList<string> inputs, ShareOptions options, List<BulkShareRow>? kept = null)
    {
        if (!TryReadEnd(out var endsAt))
        {
            return;
        }

        options = options with { EndsAt = endsAt };
        _busy = true;
        _error = null;
        _repeats = 0;
        _rows = kept ?? [];
        _progress = inputs.Count > 1 ? new ShareProgress(0, inputs.Count) : null;
        try
        {
            var rows = await Service.AddMembersAsync(ImageId, inputs, options, row =>
            {
                _rows.Add(row);
                if (_progress is not null)
                {
                    _progress = _progress with { Done = _progress.Done + 1 };
                    StateHasChanged();
                }

                return Task.CompletedTask;
            });
            if (rows.Count == 1 && rows[0].Result.Outcome == AddMemberOutcome.Invalid && !_bulk && kept is null)
            {
                // One typed ID that cannot be an ID: the message shows on the field and in the outcome (announced, focused).
                _error = rows[0].Result.Message;
            }

            if (rows.Count > 0 && !_rows.Contains(rows[0]))
            {
                // Refused before any project was tried (not the owner, not shared, Images API down): one outcome for all.
                _rows.AddRange(rows);
            }

            if (_bulk)
            {
                // What is left to do stays in the box: the lines that were not shared (to fix, or to confirm).
                var left = _rows.Where(r => !r.Result.Succeeded && r.Result.Outcome != AddMemberOutcome.AlreadyMember).Select(r => r.Input).ToList();
                _list = left.Count == 0 ? null : string.Join('\n', left);
            }

            if (rows.Count > 0 && rows[0].Result.Outcome == AddMemberOutcome.InvalidEnd)
            {
                // The end date was refused (past, too soon, too far): say it on its field.
                _endError = rows[0].Result.Message;
            }

            if (rows.Any(r => r.Result.Succeeded))
            {
                _projectId = null;
                _email = null;
                _endsAt = null;
                await OnAdded.InvokeAsync();
            }
        }
        finally
        {
            _busy = false;
            _progress = null;
            _focusOutcome = _rows.Count > 0;
        }
    }
}
