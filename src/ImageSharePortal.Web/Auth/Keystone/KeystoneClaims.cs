using System.Security.Claims;
using ImageSharePortal.Keystone;
using Microsoft.AspNetCore.Authentication;

namespace ImageSharePortal.Web.Auth.Keystone;

/// <summary>The principal and cookie properties of a Keystone session.</summary>
internal static class KeystoneClaims
{
    public static ClaimsPrincipal PendingPrincipal(KeystoneSession session) => Principal(UserClaims(session));

    public static List<Claim> UserClaims(KeystoneSession session)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.Name, session.User.Name),
            new(ClaimTypes.NameIdentifier, session.User.Id),
            new(PortalClaims.UserId, session.User.Id),
            new(PortalClaims.SessionId, session.Id),
        ];
        if (session.Email is { Length: > 0 } email)
        {
            claims.Add(new Claim(PortalClaims.Email, email));
        }

        return claims;
    }

    public static ClaimsPrincipal Principal(IEnumerable<Claim> claims) =>
        new(new ClaimsIdentity(claims, KeystoneSignInService.AuthenticationType, ClaimTypes.Name, PortalClaims.Role));

    /// <summary>
    /// The cookie never outlives the token: it ends with the browser session or at the token's expiry, whichever is first.
    /// (Before that, from <see cref="KeystoneSessionStore.RenewAt"/>, the cookie check sends the person to sign in again.)
    /// </summary>
    public static AuthenticationProperties Properties(KeystoneToken token) => new()
    {
        IsPersistent = false,
        AllowRefresh = false,
        ExpiresUtc = token.ExpiresAt,
    };
}
