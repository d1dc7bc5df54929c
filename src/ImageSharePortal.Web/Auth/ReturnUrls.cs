namespace ImageSharePortal.Web.Auth;

/// <summary>Where a page may send the person back to after signing in.</summary>
public static class ReturnUrls
{
    /// <summary>
    /// Only local paths: an absolute or protocol-relative URL would be an open redirect, and one with a control character
    /// (a tab, a newline, a NUL) is no address a page links to (ASP.NET Core's local redirect refuses it).
    /// </summary>
    public static string Safe(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) && !returnUrl.Any(char.IsControl)
            ? returnUrl
            : "/";
}
