using ImageSharePortal.Keystone;
using ImageSharePortal.Web.Features.Requests;
using ImageSharePortal.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace ImageSharePortal.Web.Auth.Keystone;

/// <summary>
/// The form posts of Keystone sign-in: sign in, choose or switch the project. Each checks its antiforgery token itself,
/// so that a form left open across a restart gets a plain "sign in again" rather than a bare 400.
/// </summary>
public static class KeystoneAccountEndpoints
{
    public const string PasswordMethod = "password";
    public const string ApplicationCredentialMethod = "application_credential";

    public static IEndpointRouteBuilder MapKeystoneSignIn(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/keystone", SignInAsync).DisableAntiforgery();
        return endpoints.MapKeystoneProjectSwitch();
    }

    /// <summary>Choosing and switching the project of a Keystone session, however it signed in.</summary>
    public static IEndpointRouteBuilder MapKeystoneProjectSwitch(this IEndpointRouteBuilder endpoints)
    {
        // The handler checks antiforgery itself, so an expired form gets a sentence, not a bare 400.
        endpoints.MapPost("/account/switch-project", SwitchProjectAsync).DisableAntiforgery();
        return endpoints;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        KeystoneSignInService signIn,
        IOptions<KeystoneOptions> options,
        IOptions<PortalOptions> portal,
        IFixedWindowCounter throttle,
        [FromForm(Name = "method")] string? method,
        [FromForm(Name = "username")] string? userName,
        [FromForm(Name = "password")] string? password,
        [FromForm(Name = "domain")] string? domain,
        [FromForm(Name = "project")] string? project,
        [FromForm(Name = "credential_id")] string? credentialId,
        [FromForm(Name = "credential_secret")] string? credentialSecret,
        [FromForm(Name = "returnUrl")] string? returnUrl)
    {
        var useCredential = method == ApplicationCredentialMethod;
        var back = new Dictionary<string, string?>
        {
            ["method"] = useCredential ? ApplicationCredentialMethod : PasswordMethod,
            ["returnUrl"] = ReturnUrls.Safe(returnUrl),
        };
        if (!useCredential)
        {
            back["user"] = userName?.Trim();
            back["domain"] = domain?.Trim();
            back["project"] = project?.Trim();
        }

        IResult Refused(string error)
        {
            back["error"] = error;
            return Results.Redirect(QueryHelpers.AddQueryString("/account/signin", back.Where(p => !string.IsNullOrEmpty(p.Value))));
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Refused(SignInErrors.FormExpired);
        }

        if (useCredential ? IsBlank(credentialId) || IsBlank(credentialSecret) : IsBlank(userName) || string.IsNullOrEmpty(password))
        {
            return Refused(SignInErrors.MissingFields);
        }

        // Throttled per client IP and per user name, across instances when they share Redis: guessing passwords through
        // the portal is as slow as Keystone's own lockout would want it.
        var limit = portal.Value.SignInAttemptLimit;
        var window = portal.Value.SignInAttemptWindow;
        var who = useCredential ? "credential:" + credentialId!.Trim() : "user:" + (domain?.Trim() ?? "") + "/" + userName!.Trim().ToUpperInvariant();
        var byClient = await throttle.HitAsync("signin-ip:" + AccessRequestRateLimit.ClientKey(http), limit, window, http.RequestAborted);
        var byUser = await throttle.HitAsync("signin-" + who, limit, window, http.RequestAborted);
        if (!byClient.Allowed || !byUser.Allowed)
        {
            return Refused(SignInErrors.TooManyAttempts);
        }

        var result = useCredential
            ? await signIn.SignInAsync(new ApplicationCredentials(credentialId!.Trim(), credentialSecret!), http.RequestAborted)
            : await signIn.SignInAsync(
                new PasswordCredentials(userName!.Trim(), password!, IsBlank(domain) ? options.Value.DefaultUserDomain : domain!.Trim()),
                project, http.RequestAborted);

        // A new sign-in replaces this browser's previous session, whose tokens are revoked; a refused one leaves it as
        // it was (a mistyped password while signed in is "wrong credentials", not "your session has ended").
        if (result.Step != KeystoneSignInStep.Failed && http.User.FindFirst(PortalClaims.SessionId)?.Value is { } previous)
        {
            await signIn.EndSessionAsync(previous, http.RequestAborted);
        }

        return result.Step switch
        {
            KeystoneSignInStep.Failed => Refused(result.Error!),
            KeystoneSignInStep.NoProjects => await SignedOutAsync(http, "/account/no-projects"),
            KeystoneSignInStep.ChooseProject => await SignedInAsync(http, result,
                QueryHelpers.AddQueryString("/account/projects", "returnUrl", ReturnUrls.Safe(returnUrl))),
            _ => await SignedInAsync(http, result, ReturnUrls.Safe(returnUrl)),
        };
    }

    private static async Task<IResult> SwitchProjectAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        KeystoneSignInService signIn,
        [FromForm(Name = "projectId")] string? projectId,
        [FromForm(Name = "returnUrl")] string? returnUrl)
    {
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Redirect(QueryHelpers.AddQueryString("/account/projects", new Dictionary<string, string?>
            {
                ["error"] = SignInErrors.FormExpired,
                ["returnUrl"] = ReturnUrls.Safe(returnUrl),
            }));
        }

        var sessionId = http.User.FindFirst(PortalClaims.SessionId)?.Value;
        if (sessionId is null)
        {
            return Results.Redirect(QueryHelpers.AddQueryString("/account/signin", "returnUrl", ReturnUrls.Safe(returnUrl)));
        }

        if (IsBlank(projectId))
        {
            return Results.Redirect("/account/projects");
        }

        var result = await signIn.SwitchProjectAsync(sessionId, projectId!.Trim(), http.RequestAborted);
        if (result.Step == KeystoneSignInStep.SignedIn)
        {
            return await SignedInAsync(http, result, AfterSwitch(returnUrl));
        }

        if (result.Error == SignInErrors.SessionEnded)
        {
            await signIn.EndSessionAsync(sessionId, http.RequestAborted);
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(QueryHelpers.AddQueryString("/account/signin", new Dictionary<string, string?>
            {
                ["error"] = SignInErrors.SessionEnded,
                ["returnUrl"] = AfterSwitch(returnUrl),
            }));
        }

        return Results.Redirect(QueryHelpers.AddQueryString("/account/projects", new Dictionary<string, string?>
        {
            ["error"] = result.Error,
            ["returnUrl"] = ReturnUrls.Safe(returnUrl),
        }));
    }

    /// <summary>Where to land after a switch: the same page, except an image's page (it belongs to the previous project).</summary>
    public static string AfterSwitch(string? returnUrl)
    {
        var url = ReturnUrls.Safe(returnUrl);
        return url.StartsWith("/images/", StringComparison.Ordinal) ? "/images"
            : url.StartsWith("/account/", StringComparison.Ordinal) ? "/"
            : url;
    }

    private static async Task<IResult> SignedInAsync(HttpContext http, KeystoneSignInResult result, string redirect)
    {
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, result.Principal!, result.Properties);
        return Results.LocalRedirect(redirect);
    }

    private static async Task<IResult> SignedOutAsync(HttpContext http, string redirect)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.LocalRedirect(redirect);
    }

    private static bool IsBlank(string? value) => string.IsNullOrWhiteSpace(value);
}
