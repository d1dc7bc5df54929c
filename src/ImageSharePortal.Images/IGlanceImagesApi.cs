using System.Text.Json;
using Refit;

namespace ImageSharePortal.Images;

/// <summary>
/// The Images API (Glance v2) as Refit sees it: one method per endpoint.
/// Every call asks for JSON so that error bodies come back as JSON, not HTML.
/// </summary>
[Headers("Accept: application/json")]
public interface IGlanceImagesApi
{
    [Get("/v2/images")]
    Task<IApiResponse<GlanceImageList>> ListImagesAsync([Query] ImageListQuery query, CancellationToken cancellationToken);

    [Get("/v2/images/{imageId}")]
    Task<IApiResponse<GlanceImage>> GetImageAsync(string imageId, CancellationToken cancellationToken);

    [Post("/v2/images")]
    Task<IApiResponse<GlanceImage>> CreateImageAsync([Body] CreateImageRequest image, CancellationToken cancellationToken);

    [Patch("/v2/images/{imageId}")]
    [Headers("Content-Type: application/openstack-images-v2.1-json-patch")]
    Task<IApiResponse<GlanceImage>> UpdateImageAsync(string imageId, [Body] List<JsonPatchOperation> operations, CancellationToken cancellationToken);

    [Delete("/v2/images/{imageId}")]
    Task<IApiResponse> DeleteImageAsync(string imageId, CancellationToken cancellationToken);

    [Get("/v2/images/{imageId}/members")]
    Task<IApiResponse<GlanceMemberList>> ListMembersAsync(string imageId, CancellationToken cancellationToken);

    [Get("/v2/images/{imageId}/members/{memberId}")]
    Task<IApiResponse<GlanceMember>> GetMemberAsync(string imageId, string memberId, CancellationToken cancellationToken);

    [Post("/v2/images/{imageId}/members")]
    Task<IApiResponse<GlanceMember>> AddMemberAsync(string imageId, [Body] AddMemberRequest member, CancellationToken cancellationToken);

    [Put("/v2/images/{imageId}/members/{memberId}")]
    Task<IApiResponse<GlanceMember>> UpdateMemberStatusAsync(string imageId, string memberId, [Body] MemberStatusRequest status, CancellationToken cancellationToken);

    [Delete("/v2/images/{imageId}/members/{memberId}")]
    Task<IApiResponse> DeleteMemberAsync(string imageId, string memberId, CancellationToken cancellationToken);

    [Get("/v2/schemas/member")]
    Task<IApiResponse<JsonElement>> GetMemberSchemaAsync(CancellationToken cancellationToken);

    [Get("/v2/schemas/members")]
    Task<IApiResponse<JsonElement>> GetMembersSchemaAsync(CancellationToken cancellationToken);
}

/// <summary>Query string of <c>GET /v2/images</c>. Null values are left out.</summary>
public sealed class ImageListQuery
{
    [AliasAs("visibility")] public string? Visibility { get; set; }
    [AliasAs("member_status")] public string? MemberStatus { get; set; }
    [AliasAs("owner")] public string? Owner { get; set; }
    [AliasAs("name")] public string? Name { get; set; }
    [AliasAs("status")] public string? Status { get; set; }
    [AliasAs("tag")] public string? Tag { get; set; }
    [AliasAs("sort")] public string? Sort { get; set; }
    [AliasAs("limit")] public int? Limit { get; set; }
    [AliasAs("marker")] public string? Marker { get; set; }

    public ImageListQuery WithMarker(string? marker) => new()
    {
        Visibility = Visibility, MemberStatus = MemberStatus, Owner = Owner, Name = Name,
        Status = Status, Tag = Tag, Sort = Sort, Limit = Limit, Marker = marker,
    };
}
