using System.Collections.Concurrent;

namespace ImageSharePortal.Web.Features.Notifications;

/// <summary>
/// Something a signed-in project should hear about at once (e.g. its request was approved). <see cref="Message"/> is the
/// English sentence; with a <see cref="Key"/> (and its <see cref="Args"/>) each receiving page says it from the resources
/// in its own language, since the project that hears it may speak another than the one whose action caused it.
/// </summary>
public sealed record LiveNotice(string Message, string? Link, string? ImageId)
{
    /// <summary>The resource key of the sentence (placeholders {0}, {1}… filled from <see cref="Args"/>), or null.</summary>
    public string? Key { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    /// <summary>A time left (e.g. until a share ends), said by the receiving page after <see cref="Args"/> in its own words.</summary>
    public TimeSpan? Left { get; init; }

    /// <summary>A moment (e.g. a share's end), written by the receiving page after <see cref="Args"/> (and <see cref="Left"/>) as its dates are.</summary>
    public DateTimeOffset? At { get; init; }
}

/// <summary>Carries a notice to every instance's <see cref="LiveNotifier"/> (Redis pub/sub when instances share Redis).</summary>
public interface ILiveNoticeBus
{
    /// <summary>Publishes; every instance, this one included, then calls its <c>deliver</c> handler.</summary>
    Task PublishAsync(string projectId, LiveNotice notice);

    /// <summary>Called once by the notifier with what to do when a notice arrives.</summary>
    void Start(Func<string, LiveNotice, Task> deliver);
}

/// <summary>
/// Fan-out from a committed change to the live circuits of one project, on this instance and, with a shared
/// <see cref="ILiveNoticeBus"/>, on every other. Subscribers dispose their subscription when their component goes away.
/// Best effort: a project with no open page gets the email instead.
/// </summary>
public sealed class LiveNotifier
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Func<LiveNotice, Task>>> _subscribers = new(StringComparer.Ordinal);
    private readonly ILiveNoticeBus? _bus;

    public LiveNotifier(ILiveNoticeBus? bus = null)
    {
        _bus = bus;
        _bus?.Start(DeliverAsync);
    }

    public IDisposable Subscribe(string projectId, Func<LiveNotice, Task> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(projectId);
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(projectId, _ => new()).TryAdd(id, handler);
        return new Subscription(this, projectId, id);
    }

    public int SubscriberCount(string projectId) => _subscribers.TryGetValue(projectId, out var handlers) ? handlers.Count : 0;

    /// <summary>Tells every live page of the project, on every instance; a failing subscriber does not stop the others.</summary>
    public Task PublishAsync(string projectId, LiveNotice notice) =>
        _bus is null ? DeliverAsync(projectId, notice) : _bus.PublishAsync(projectId, notice);

    /// <summary>Tells this instance's live pages of the project.</summary>
    internal async Task DeliverAsync(string projectId, LiveNotice notice)
    {
        if (!_subscribers.TryGetValue(projectId, out var handlers))
        {
            return;
        }

        foreach (var handler in handlers.Values)
        {
            try
            {
                await handler(notice);
            }
            catch (ObjectDisposedException)
            {
                // The circuit went away between the lookup and the call.
            }
            catch (InvalidOperationException)
            {
                // The renderer refused the update (circuit shutting down).
            }
        }
    }

    private void Unsubscribe(string projectId, Guid id)
    {
        if (_subscribers.TryGetValue(projectId, out var handlers))
        {
            handlers.TryRemove(id, out _);
        }
    }

    private sealed class Subscription(LiveNotifier owner, string projectId, Guid id) : IDisposable
    {
        public void Dispose() => owner.Unsubscribe(projectId, id);
    }
}
