using System.Text.Json;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Refit;

namespace ImageSharePortal.Images;

/// <summary>One page of images and the marker of the next page (null on the last page).</summary>
public sealed record ImagePage(IReadOnlyList<GlanceImage> Images, string? NextMarker);

public static class MemberStatuses
{
    public const string Pending = "pending";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Pending, Accepted, Rejected];
}

public static class Visibilities
{
    public const string Public = "public";
    public const string Community = "community";
    public const string Shared = "shared";
    public const string Private = "private";
}

/// <summary>
/// The Images API for the portal's features: acts for the signed-in caller and returns results, never
/// Refit types or exceptions for API or network failures.
/// </summary>
public interface IImagesClient
{
    Task<ImagesResult<ImagePage>> ListImagesAsync(ImageListQuery query, CancellationToken cancellationToken = default);
    Task<ImagesResult<IReadOnlyList<GlanceImage>>> ListAllImagesAsync(ImageListQuery query, int maxPages = 20, CancellationToken cancellationToken = default);
    Task<ImagesResult<GlanceImage>> GetImageAsync(string imageId, CancellationToken cancellationToken = default);
    Task<ImagesResult<GlanceImage>> CreateImageAsync(CreateImageRequest image, CancellationToken cancellationToken = default);
    Task<ImagesResult<GlanceImage>> UpdateImageAsync(string imageId, IReadOnlyList<JsonPatchOperation> operations, CancellationToken cancellationToken = default);
    Task<ImagesResult<GlanceImage>> SetVisibilityAsync(string imageId, string visibility, CancellationToken cancellationToken = default);
    Task<ImagesResult<bool>> DeleteImageAsync(string imageId, CancellationToken cancellationToken = default);
    Task<ImagesResult<IReadOnlyList<GlanceMember>>> ListMembersAsync(string imageId, CancellationToken cancellationToken = default);
    Task<ImagesResult<GlanceMember>> GetMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default);
    Task<ImagesResult<GlanceMember>> AddMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default);
    Task<ImagesResult<GlanceMember>> UpdateMemberStatusAsync(string imageId, string memberId, string status, CancellationToken cancellationToken = default);
    Task<ImagesResult<bool>> RemoveMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default);
    Task<ImagesResult<JsonElement>> GetMemberSchemaAsync(CancellationToken cancellationToken = default);
    Task<ImagesResult<JsonElement>> GetMembersSchemaAsync(CancellationToken cancellationToken = default);
}

internal sealed partial class ImagesClient(IGlanceImagesApi api, IImagesCallerAccessor callers, ILogger<ImagesClient> logger) : IImagesClient
{
    public Task<ImagesResult<ImagePage>> ListImagesAsync(ImageListQuery query, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.ListImagesAsync(query, ct), list => new ImagePage(list.Images, MarkerOf(list.Next)), cancellationToken);

    public async Task<ImagesResult<IReadOnlyList<GlanceImage>>> ListAllImagesAsync(ImageListQuery query, int maxPages = 20, CancellationToken cancellationToken = default)
    {
        var all = new List<GlanceImage>();
        var page = query;
        for (var i = 0; i < maxPages; i++)
        {
            var result = await ListImagesAsync(page, cancellationToken);
            if (!result.IsSuccess)
            {
                return result.Error;
            }

            all.AddRange(result.Value.Images);
            if (result.Value.NextMarker is null)
            {
                break;
            }

            page = query.WithMarker(result.Value.NextMarker);
        }

        return ImagesResult<IReadOnlyList<GlanceImage>>.Success(all);
    }

    public Task<ImagesResult<GlanceImage>> GetImageAsync(string imageId, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.GetImageAsync(imageId, ct), image => image, cancellationToken);

    public Task<ImagesResult<GlanceImage>> CreateImageAsync(CreateImageRequest image, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.CreateImageAsync(image, ct), created => created, cancellationToken);

    public Task<ImagesResult<GlanceImage>> UpdateImageAsync(string imageId, IReadOnlyList<JsonPatchOperation> operations, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.UpdateImageAsync(imageId, [.. operations], ct), image => image, cancellationToken);

    public Task<ImagesResult<GlanceImage>> SetVisibilityAsync(string imageId, string visibility, CancellationToken cancellationToken = default) =>
        UpdateImageAsync(imageId, [JsonPatchOperation.Replace("/visibility", visibility)], cancellationToken);

    public Task<ImagesResult<bool>> DeleteImageAsync(string imageId, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.DeleteImageAsync(imageId, ct), cancellationToken);

    public Task<ImagesResult<IReadOnlyList<GlanceMember>>> ListMembersAsync(string imageId, CancellationToken cancellationToken = default) =>
        CallAsync<GlanceMemberList, IReadOnlyList<GlanceMember>>(ct => api.ListMembersAsync(imageId, ct), list => list.Members, cancellationToken);

    public Task<ImagesResult<GlanceMember>> GetMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.GetMemberAsync(imageId, memberId, ct), member => member, cancellationToken);

    public Task<ImagesResult<GlanceMember>> AddMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.AddMemberAsync(imageId, new AddMemberRequest(memberId), ct), member => member, cancellationToken);

    public Task<ImagesResult<GlanceMember>> UpdateMemberStatusAsync(string imageId, string memberId, string status, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.UpdateMemberStatusAsync(imageId, memberId, new MemberStatusRequest(status), ct), member => member, cancellationToken);

    public Task<ImagesResult<bool>> RemoveMemberAsync(string imageId, string memberId, CancellationToken cancellationToken = default) =>
        CallAsync(ct => api.DeleteMemberAsync(imageId, memberId, ct), cancellationToken);

    public Task<ImagesResult<JsonElement>> GetMemberSchemaAsync(CancellationToken cancellationToken = default) =>
        CallAsync(api.GetMemberSchemaAsync, schema => schema, cancellationToken);

    public Task<ImagesResult<JsonElement>> GetMembersSchemaAsync(CancellationToken cancellationToken = default) =>
        CallAsync(api.GetMembersSchemaAsync, schema => schema, cancellationToken);

    /// <summary>The <c>marker</c> of Glance's <c>next</c> link, e.g. <c>/v2/images?marker=abc&amp;limit=25</c>.</summary>
    internal static string? MarkerOf(string? next)
    {
        if (string.IsNullOrEmpty(next))
        {
            return null;
        }

        var query = next.IndexOf('?', StringComparison.Ordinal) is var q and >= 0 ? next[(q + 1)..] : "";
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            if (parts[0] == "marker" && parts.Length == 2)
            {
                return Uri.UnescapeDataString(parts[1]);
            }
        }

        return null;
    }

    private async Task<ImagesResult<TOut>> CallAsync<TWire, TOut>(
        Func<CancellationToken, Task<IApiResponse<TWire>>> call, Func<TWire, TOut> map, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(async ct =>
        {
            var response = await call(ct);
            return (IApiResponse)response;
        }, cancellationToken);
        if (outcome.Error is not null)
        {
            return outcome.Error;
        }

        var typed = (IApiResponse<TWire>)outcome.Response!;
        return typed.Content is null
            ? new ImagesError(ImagesErrorKind.Unexpected, "The Images API sent an empty answer.", typed.StatusCode) { Code = ImagesErrorCodes.EmptyAnswer }
            : ImagesResult<TOut>.Success(map(typed.Content));
    }

    private async Task<ImagesResult<bool>> CallAsync(Func<CancellationToken, Task<IApiResponse>> call, CancellationToken cancellationToken)
    {
        var outcome = await SendAsync(call, cancellationToken);
        return outcome.Error is not null ? outcome.Error : ImagesResult<bool>.Success(true);
    }

    private async Task<(IApiResponse? Response, ImagesError? Error)> SendAsync(
        Func<CancellationToken, Task<IApiResponse>> call, CancellationToken cancellationToken)
    {
        var caller = await callers.GetCallerAsync(cancellationToken);
        if (caller is null)
        {
            return (null, ImagesError.NotSignedIn);
        }

        using var scope = ImagesCallContext.Use(caller);
        try
        {
            var response = await call(cancellationToken);
            if (response.IsSuccessful)
            {
                return (response, null);
            }

            if (response.Error is ApiException apiError)
            {
                var error = ImagesErrorMapper.FromResponse(apiError.StatusCode, apiError.Content);
                // The API's own words go to the log (they may name server internals); people get error.Message.
                LogRefused(logger, (int)apiError.StatusCode, ImagesErrorMapper.ExtractMessage(apiError.Content) ?? error.Message);
                return (null, error);
            }

            return (null, ToUnavailable(response.Error));
        }
        catch (Exception e) when (IsTransportFailure(e, cancellationToken))
        {
            return (null, ToUnavailable(e));
        }
    }

    private ImagesError ToUnavailable(Exception? e)
    {
        LogUnavailable(logger, e?.GetType().Name ?? "unknown", e?.Message ?? "");
        return ImagesError.Unavailable;
    }

    private static bool IsTransportFailure(Exception e, CancellationToken cancellationToken) =>
        e is HttpRequestException or TimeoutRejectedException or BrokenCircuitException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    [LoggerMessage(Level = LogLevel.Information, Message = "Images API refused a call with {Status}: {Message}")]
    private static partial void LogRefused(ILogger logger, int status, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Images API unavailable ({Kind}): {Message}")]
    private static partial void LogUnavailable(ILogger logger, string kind, string message);
}
