using Microsoft.Extensions.Caching.Hybrid;

namespace ImageSharePortal.Web.Features.Shared;

/// <summary>
/// Image member lists through HybridCache: in this process and, with Redis, shared by every instance (the second level),
/// for <see cref="PortalOptions.MembersCacheLifetime"/>. A failed call is never cached. Every feature that changes members
/// (add, remove, approve, accept, reject, an end date) invalidates through here, so the producer's views follow at once.
/// </summary>
public sealed class MemberListCache(HybridCache cache, IOptions<PortalOptions> options)
{
    public async Task<ImagesResult<IReadOnlyList<GlanceMember>>> GetAsync(IImagesClient images, string ownerProjectId, string imageId, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.MembersCacheLifetime;
        var entry = new HybridCacheEntryOptions { Expiration = lifetime, LocalCacheExpiration = lifetime };
        try
        {
            var members = await cache.GetOrCreateAsync(Key(ownerProjectId, imageId), (images, imageId), static async (state, ct) =>
            {
                var listed = await state.images.ListMembersAsync(state.imageId, ct);
                return listed.IsSuccess ? listed.Value.ToList() : throw new MembersNotListedException(listed.Error);
            }, entry, cancellationToken: cancellationToken);
            return ImagesResult<IReadOnlyList<GlanceMember>>.Success(members);
        }
        catch (MembersNotListedException e)
        {
            return e.Error;
        }
    }

    public ValueTask InvalidateAsync(string ownerProjectId, string imageId) => cache.RemoveAsync(Key(ownerProjectId, imageId));

    private static string Key(string ownerProjectId, string imageId) => $"members:{ownerProjectId}:{imageId}";

    /// <summary>Carries a failed listing out of the cache's factory, so that it is not cached.</summary>
    private sealed class MembersNotListedException(ImagesError error) : Exception(error.Message)
    {
        public ImagesError Error { get; } = error;
    }
}
