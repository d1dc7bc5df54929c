using ImageSharePortal.Web.Components.Shared;
using ImageSharePortal.Web.Localization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using MudBlazor;

namespace ImageSharePortal.Web.Features.Inbox;

/// <summary>A bulk change under way: the status the shares move to, and how many of them are done.</summary>
public sealed record BulkProgress(string Status, int Done, int Total);

public partial class InboxPage : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private IDisposable? _live;
    private bool _refreshing;
    private DateTimeOffset? _refreshedAt;

    private readonly Loadable<InboxContents> _inbox = new();
    private int _tab;
    private int _moves;
    private BulkProgress? _progress;

    /// <summary>
    /// What the last action did, in one line beside the list (not a snackbar: one Accept re-sends this line and the
    /// moved card, about 1 KB, instead of a 5 KB snackbar). It takes focus, since the card it came from has moved tabs.
    /// </summary>
    private (string Text, bool IsError)? _outcome;
    private ElementReference _outcomeElement;
    private bool _focusOutcome;

    [Inject]
    private InboxService Service { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private LiveNotifier Notifier { get; set; } = default!;

    [Inject]
    private ICurrentIdentity CurrentIdentity { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Inject]
    private IOptions<PortalOptions> Portal { get; set; } = default!;

    [Inject]
    private IStringLocalizer<Strings> L { get; set; } = default!;

    /// <summary>Prerendered contents handed to the live circuit, so the inbox is read once per view and never flashes "Loading".</summary>
    [PersistentState]
    public InboxContents? Prerendered { get; set; }

    /// <summary>
    /// Larger inboxes are read again by the circuit rather than carried in the page. A share is up to about 600 bytes
    /// of persisted state once serialised, encrypted and base64-encoded twice, and the state travels back in the
    /// circuit's first message, which the hub refuses past <see cref="PortalCircuits.MaxClientMessageBytes"/> (the
    /// circuit then never starts). <c>WireBudgetTests</c> starts a circuit with an inbox of this size.
    /// </summary>
    public const int MaxPersistedShares = 150;

    protected override async Task OnInitializedAsync()
    {
        if (RendererInfo.IsInteractive && Prerendered is { } handedOver)
        {
            _inbox.Set(handedOver);
            Prerendered = null;
        }
        else
        {
            await LoadAsync();
            if (!RendererInfo.IsInteractive && _inbox.Value is { } loaded && loaded.Count <= MaxPersistedShares)
            {
                Prerendered = loaded;
            }
        }

        // An approved request puts a new pending share here: reload the open inbox without the user reloading the page.
        if (RendererInfo.IsInteractive && await CurrentIdentity.GetAsync() is { } who)
        {
            _live = Notifier.Subscribe(who.ProjectId, notice => notice.Link == "/inbox"
                ? InvokeAsync(RefreshQuietlyAsync)
                : Task.CompletedTask);
            if (Portal.Value.InboxRefreshInterval > TimeSpan.Zero)
            {
                _ = RefreshWhileVisibleAsync(Portal.Value.InboxRefreshInterval, _stop.Token);
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _live?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Changes made elsewhere (the CLI, another tab) appear without a reload: every interval, while the browser shows
    /// the page, the inbox is read again quietly (one list call per tab per 1,000 shares). A hidden tab costs nothing.
    /// </summary>
    private async Task RefreshWhileVisibleAsync(TimeSpan interval, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, Clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var visible = await JS.InvokeAsync<bool>("isp.pageVisible", stop);
                if (visible && !_refreshing)
                {
                    await InvokeAsync(RefreshQuietlyAsync);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or JSDisconnectedException or ObjectDisposedException or JSException)
        {
            // The circuit or the page went away: stop refreshing.
        }
    }

    private async Task RefreshClickedAsync()
    {
        _refreshing = true;
        try
        {
            await RefreshQuietlyAsync();
        }
        finally
        {
            _refreshing = false;
        }
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
                _refreshedAt = Clock.GetLocalNow();
                StateHasChanged();
            }
            else if (_inbox.Value is null)
            {
                await LoadAsync();
            }
            else
            {
                _outcome = (L["Inbox.RefreshFailed", ErrorText.For(L, fresh.Error)], true);
                StateHasChanged();
            }

            return;
        }
    }

    private string Title(string status) => status switch
    {
        MemberStatuses.Pending => L["Inbox.Pending"],
        MemberStatuses.Accepted => L["Inbox.Accepted"],
        _ => L["Inbox.Rejected"],
    };

    /// <summary>"Accepted: debian-12." and the like, after one change.</summary>
    private string Changed(string status, string name) => status switch
    {
        MemberStatuses.Accepted => L["Inbox.AcceptedOne", name],
        MemberStatuses.Rejected => L["Inbox.RejectedOne", name],
        _ => L["Inbox.MovedBackOne", name],
    };

    /// <summary>"Accepted 3 images." and the like, after a bulk change (accept or reject).</summary>
    private string ChangedMany(string status, int count) => (status == MemberStatuses.Accepted, count == 1) switch
    {
        (true, true) => L["Inbox.BulkAcceptedOne"],
        (true, false) => L["Inbox.BulkAcceptedMany", count],
        (false, true) => L["Inbox.BulkRejectedOne"],
        (false, false) => L["Inbox.BulkRejectedMany", count],
    };

    private async Task ChangeAsync((InboxItem Item, string Status) change)
    {
        var updated = await Service.SetStatusAsync(change.Item.ImageId, change.Status, change.Item.Owner, change.Item.Name);
        if (updated.IsSuccess)
        {
            Move(change.Item, change.Status);
            ShowOutcome(Changed(change.Status, change.Item.Name ?? change.Item.ImageId), isError: false);
        }
        else
        {
            DropIfGone(change.Item, updated.Error);
            ShowOutcome($"{change.Item.Name ?? change.Item.ImageId}: {ErrorText.For(L, updated.Error)}", isError: true);
        }
    }

    /// <summary>A share the producer removed meanwhile leaves its tab: it is no longer in the inbox at all.</summary>
    private void DropIfGone(InboxItem item, ImagesError error)
    {
        if (error.Kind is ImagesErrorKind.NotFound or ImagesErrorKind.Forbidden)
        {
            Move(item, null);
        }
    }

    private void ShowOutcome(string text, bool isError)
    {
        _outcome = (text, isError);
        _focusOutcome = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusOutcome && _outcome is not null)
        {
            _focusOutcome = false;
            await _outcomeElement.FocusAsync();
        }
    }

    private async Task BulkChangeAsync((IReadOnlyList<InboxItem> Items, string Status) change)
    {
        var failures = new List<string>();
        _progress = new BulkProgress(change.Status, 0, change.Items.Count);
        foreach (var item in change.Items)
        {
            var updated = await Service.SetStatusAsync(item.ImageId, change.Status, item.Owner, item.Name);
            if (updated.IsSuccess)
            {
                Move(item, change.Status);
            }
            else
            {
                DropIfGone(item, updated.Error);
                failures.Add($"{item.Name ?? item.ImageId}: {ErrorText.For(L, updated.Error)}");
            }

            _progress = _progress with { Done = _progress.Done + 1 };
            StateHasChanged();
        }

        _progress = null;
        var succeeded = change.Items.Count - failures.Count;
        var done = succeeded > 0 ? ChangedMany(change.Status, succeeded) : "";
        ShowOutcome(failures.Count == 0 ? done : $"{done} {L["Inbox.NotChanged", string.Join("; ", failures)]}".Trim(), isError: failures.Count > 0);
    }

    /// <summary>Moves the item to the tab of <paramref name="status"/>; null takes it out of every tab.</summary>
    private void Move(InboxItem item, string? status)
    {
        ImageSharePortal.Web.Features.Notifications.LiveNotices.DismissAbout(Snackbar, "/inbox", item.ImageId); // "it is in your inbox" is answered
        if (_inbox.Value is not { } inbox)
        {
            return;
        }

        List<InboxItem> Without(IReadOnlyList<InboxItem> list) => [.. list.Where(i => i.ImageId != item.ImageId)];
        _moves++;
        var pending = Without(inbox.Pending);
        var accepted = Without(inbox.Accepted);
        var rejected = Without(inbox.Rejected);
        if (status is not null)
        {
            (status switch
            {
                MemberStatuses.Pending => pending,
                MemberStatuses.Accepted => accepted,
                _ => rejected,
            }).Insert(0, item with { Status = status });
        }

        _inbox.Set(inbox with { Pending = pending, Accepted = accepted, Rejected = rejected });
    }
}
