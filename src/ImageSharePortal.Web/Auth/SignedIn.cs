namespace ImageSharePortal.Web.Auth;

/// <summary>
/// The one "not signed in" guard of the services: an action runs for the session's identity; a session that is not,
/// or no longer, signed in (signed out in another tab) gets the action's refusal instead and nothing runs.
/// </summary>
public static class SignedIn
{
    public static async Task<ImagesResult<T>> AsSignedInAsync<T>(this ICurrentIdentity identity, Func<PortalIdentity, Task<ImagesResult<T>>> action,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(action);
        return await identity.GetAsync(cancellationToken) is { } who ? await action(who) : ImagesError.NotSignedIn;
    }

    /// <param name="identity">The session.</param>
    /// <param name="action">What to do for the signed-in identity.</param>
    /// <param name="notSignedIn">The action's result for a session that is not signed in, from the sentence that says so.</param>
    /// <param name="cancellationToken">Cancels the look-up and the action.</param>
    public static async Task<TResult> AsSignedInAsync<TResult>(this ICurrentIdentity identity, Func<PortalIdentity, Task<TResult>> action,
        Func<string, TResult> notSignedIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(notSignedIn);
        return await identity.GetAsync(cancellationToken) is { } who ? await action(who) : notSignedIn(Localization.ErrorText.For(ImagesError.NotSignedIn));
    }
}
