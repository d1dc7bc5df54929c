
namespace ImageSharePortal.Web.Components.Shared;

/// <summary>State of one data view: loading, failed with a message, or loaded.</summary>
public sealed class Loadable<T>
{
    public bool IsLoading { get; private set; } = true;
    public T? Value { get; private set; }
    public string? Error { get; private set; }

    /// <summary>True when the last read failed because the thing asked for does not exist (or is not visible).</summary>
    public bool IsNotFound { get; private set; }

    public async Task LoadAsync(Func<Task<ImagesResult<T>>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        IsLoading = true;
        Error = null;
        var result = await load();
        IsLoading = false;
        if (result.IsSuccess)
        {
            Value = result.Value;
            IsNotFound = false;
        }
        else
        {
            Fail(result.Error);
        }
    }

    /// <summary>
    /// Reads again while the current value stays on screen (no loading state, so child components and what they show,
    /// such as an outcome message, survive). Before a first value this is <see cref="LoadAsync"/>.
    /// </summary>
    public async Task RefreshAsync(Func<Task<ImagesResult<T>>> load)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (Value is null)
        {
            await LoadAsync(load);
            return;
        }

        var result = await load();
        if (result.IsSuccess)
        {
            Set(result.Value);
        }
        else
        {
            Fail(result.Error);
        }
    }

    /// <summary>
    /// Loads once per view: prerendering reads the data and hands it to <paramref name="handOver"/> (a
    /// <c>[PersistentState]</c> property); the live circuit then starts from <paramref name="handedOver"/> instead of
    /// reading again, so there is no second upstream call and no "Loading" flash.
    /// </summary>
    public async Task LoadOnceAsync(bool isInteractive, T? handedOver, Action<T?> handOver, Func<Task<ImagesResult<T>>> load)
    {
        ArgumentNullException.ThrowIfNull(handOver);
        if (isInteractive && handedOver is not null)
        {
            Set(handedOver);
            handOver(default);
            return;
        }

        await LoadAsync(load);
        if (!isInteractive && Value is not null)
        {
            handOver(Value);
        }
    }

    public void Set(T value)
    {
        Value = value;
        Error = null;
        IsNotFound = false;
        IsLoading = false;
    }

    private void Fail(ImagesError error)
    {
        Error = Localization.ErrorText.For(error);
        IsNotFound = error.Kind == ImagesErrorKind.NotFound;
    }
}
