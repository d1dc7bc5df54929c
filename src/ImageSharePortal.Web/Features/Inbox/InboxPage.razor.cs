using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Features.Notifications;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace ImageSharePortal.Web.Features.Inbox;

public sealed record BulkProgress(string Verb, int Done, int Total);

public partial class InboxPage : IDisposable
{
    private IDisposable? _live;

    private readonly Loadable<InboxContents> _inbox = new();
    private int _tab;
    private int _moves;
    private BulkProgress? _progress;

    [Inject]
    private InboxService Service { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private LiveNotifier Notifier { get; set; } = default!;

    [Inject]
    private ICurrentIdentity CurrentIdentity { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();

        // An approved request puts a new pending share here: reload the open inbox without the user reloading the page.
        if (RendererInfo.IsInteractive && await CurrentIdentity.GetAsync() is { } who)
        {
            _live = Notifier.Subscribe(who.ProjectId, notice => notice.Link == "/inbox"
                ? InvokeAsync(RefreshQuietlyAsync)
                : Task.CompletedTask);
        }
    }

    public void Dispose()
    {
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }

    private Task LoadAsync() => _inbox.LoadAsync(() => Service.LoadAsync());

    /// <summary>
    /// Swaps in fresh contents without a loading flash. A reload that started before the person accepted or rejected
    /// something would bring back the old state, so it is thrown away and read again.
    /// </summary>
    private async Task RefreshQuietlyAsync()
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var movesBefore = _moves;
            var fresh = await Service.LoadAsync();
            if (movesBefore != _moves)
            {
                continue;
            }

            if (fresh.IsSuccess)
            {
                _inbox.Set(fresh.Value);
                StateHasChanged();
            }

            return;
        }
    }

    internal static string Title(string status) => status switch
    {
        MemberStatuses.Pending => "Pending",
        MemberStatuses.Accepted => "Accepted",
        _ => "Rejected",
    };

    private static string Verb(string status) => status switch
    {
        MemberStatuses.Accepted => "Accepted",
        MemberStatuses.Rejected => "Rejected",
        _ => "Moved back to pending",
    };

    private async Task ChangeAsync((InboxItem Item, string Status) change)
    {
        var updated = await Service.SetStatusAsync(change.Item.Image.Id, change.Status, change.Item.Image.Owner, change.Item.Image.Name);
        if (updated.IsSuccess)
        {
            Move(change.Item, change.Status);
            Snackbar.Add($"{Verb(change.Status)}: {change.Item.Image.Name ?? change.Item.Image.Id}.", Severity.Success);
        }
        else
        {
            Snackbar.Add(updated.Error.Message, Severity.Error);
        }
    }

    private async Task BulkChangeAsync((IReadOnlyList<InboxItem> Items, string Status) change)
    {
        var failures = new List<string>();
        _progress = new BulkProgress(change.Status == MemberStatuses.Accepted ? "Accepting" : "Rejecting", 0, change.Items.Count);
        foreach (var item in change.Items)
        {
            var updated = await Service.SetStatusAsync(item.Image.Id, change.Status, item.Image.Owner, item.Image.Name);
            if (updated.IsSuccess)
            {
                Move(item, change.Status);
            }
            else
            {
                failures.Add($"{item.Image.Name ?? item.Image.Id}: {updated.Error.Message}");
            }

            _progress = _progress with { Done = _progress.Done + 1 };
            StateHasChanged();
        }

        _progress = null;
        var succeeded = change.Items.Count - failures.Count;
        if (succeeded > 0)
        {
            Snackbar.Add($"{Verb(change.Status)} {succeeded} {(succeeded == 1 ? "image" : "images")}.", Severity.Success);
        }

        foreach (var failure in failures)
        {
            Snackbar.Add(failure, Severity.Error);
        }
    }

    private void Move(InboxItem item, string status)
    {
        if (_inbox.Value is not { } inbox)
        {
            return;
        }

        List<InboxItem> Without(IReadOnlyList<InboxItem> list) => [.. list.Where(i => i.Image.Id != item.Image.Id)];
        _moves++;
        var moved = item with { Status = status };
        var pending = Without(inbox.Pending);
        var accepted = Without(inbox.Accepted);
        var rejected = Without(inbox.Rejected);
        (status switch
        {
            MemberStatuses.Pending => pending,
            MemberStatuses.Accepted => accepted,
            _ => rejected,
        }).Insert(0, moved);
        _inbox.Set(new InboxContents(pending, accepted, rejected));
    }
}
