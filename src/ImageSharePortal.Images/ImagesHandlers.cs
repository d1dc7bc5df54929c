using Microsoft.Extensions.Options;

namespace ImageSharePortal.Images;

/// <summary>
/// Points each request at the right Images API and adds the caller's identity: a Keystone token,
/// or Glance's trusted headers for the embedded sandbox. Runs inside the resilience handler, so each
/// attempt is sent with the current identity.
/// </summary>
internal sealed class ImagesIdentityHandler(IOptions<ImagesApiOptions> options, IEnumerable<IImagesEndpointResolver> resolvers) : DelegatingHandler
{
    internal static readonly Uri PlaceholderBase = new("http://images-api.invalid/");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var caller = ImagesCallContext.Current;
        var baseAddress = options.Value.BaseUrl ?? caller?.ImageEndpoint;
        if (baseAddress is null)
        {
            foreach (var resolver in resolvers)
            {
                baseAddress = await resolver.GetBaseAddressAsync(cancellationToken);
                if (baseAddress is not null)
                {
                    break;
                }
            }
        }

        if (baseAddress is null)
        {
            throw new HttpRequestException("No Images API endpoint is configured.");
        }

        if (request.RequestUri is { } uri && uri.Host == PlaceholderBase.Host)
        {
            var basePath = baseAddress.AbsoluteUri.TrimEnd('/');
            request.RequestUri = new Uri(basePath + uri.PathAndQuery);
        }

        request.Headers.Remove("X-Auth-Token");
        request.Headers.Remove("X-Identity-Status");
        request.Headers.Remove("X-Project-Id");
        request.Headers.Remove("X-User-Id");
        request.Headers.Remove("X-Roles");

        if (caller is not null)
        {
            if (caller.Token is not null)
            {
                request.Headers.TryAddWithoutValidation("X-Auth-Token", caller.Token);
            }
            else if (options.Value.Authentication == ImagesAuthentication.TrustedHeaders)
            {
                request.Headers.TryAddWithoutValidation("X-Identity-Status", "Confirmed");
                request.Headers.TryAddWithoutValidation("X-Project-Id", caller.ProjectId);
                request.Headers.TryAddWithoutValidation("X-User-Id", caller.UserId);
                request.Headers.TryAddWithoutValidation("X-Roles", string.Join(',', caller.Roles));
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
