using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace ImageSharePortal.Web.Localization;

/// <summary>
/// The languages the portal speaks and how a request picks one: the person's choice (the culture cookie the language
/// switcher sets), else the browser's Accept-Language, else English. The output cache varies by the same answer.
/// </summary>
public static class PortalCultures
{
    public const string Default = "en";

    /// <summary>Each supported culture with its name in its own language, for the switcher.</summary>
    public static IReadOnlyList<(string Name, string Native)> Supported { get; } = [("en", "English"), ("de", "Deutsch")];

    /// <summary>The language of this request or circuit (by name: the portal runs with invariant culture data).</summary>
    public static string Current => Match(CultureInfo.CurrentUICulture.Name) ?? Default;

    public static string CookieName => CookieRequestCultureProvider.DefaultCookieName;

    /// <summary>The culture of <paramref name="request"/>: the cookie's if it is supported, else the first supported Accept-Language.</summary>
    public static string Resolve(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Cookies.TryGetValue(CookieName, out var cookie)
            && CookieRequestCultureProvider.ParseCookieValue(cookie) is { } chosen
            && chosen.UICultures.Select(c => Match(c.Value)).FirstOrDefault(c => c is not null) is { } fromCookie)
        {
            return fromCookie;
        }

        var languages = request.GetTypedHeaders().AcceptLanguage;
        foreach (var language in languages.OrderByDescending(l => l.Quality ?? 1))
        {
            if (Match(language.Value.Value) is { } match)
            {
                return match;
            }
        }

        return Default;
    }

    /// <summary>The supported culture a tag such as <c>de-AT</c> falls under, or null.</summary>
    public static string? Match(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
        {
            return null;
        }

        var language = tag.Split('-', 2)[0];
        return Supported.Select(s => s.Name).FirstOrDefault(n => string.Equals(n, language, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Runs <paramref name="work"/> in <paramref name="language"/> (with its dates and numbers, <see cref="PortalCultureData"/>)
    /// and puts the caller's culture back: a mail written for its reader, a test that reads German.
    /// </summary>
    public static T Run<T>(string language, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (culture, ui) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = PortalCultureData.Create(Match(language) ?? Default);
            return work();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, ui);
        }
    }

    /// <summary>The request culture provider that applies <see cref="Resolve"/>.</summary>
    private sealed class Provider : RequestCultureProvider
    {
        public override Task<ProviderCultureResult?> DetermineProviderCultureResult(HttpContext httpContext) =>
            Task.FromResult<ProviderCultureResult?>(new ProviderCultureResult(Resolve(httpContext.Request)));
    }

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddSingleton<IStringLocalizer<Strings>>(PortalStrings.Instance);
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Supported.Select(s => PortalCultureData.Create(s.Name)).ToList();
            o.DefaultRequestCulture = new RequestCulture(Default);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            o.RequestCultureProviders = [new Provider()];
        });
        return services;
    }

    /// <summary>The culture of each request (<see cref="Resolve"/>).</summary>
    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        app.UseRequestLocalization();
        return app;
    }

    /// <summary>
    /// <c>GET /culture?name=de&amp;returnUrl=/catalogue</c> remembers a choice for a year and goes back (a local address
    /// only). An unknown language is a 400 with the portal's status page.
    /// </summary>
    public static void MapCultureSwitch(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/culture", (HttpContext http, string? name, string? returnUrl) =>
        {
            if (Match(name) is not { } culture)
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest); // no body: the status page says it in words
            }

            http.Response.Cookies.Append(CookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)), new CookieOptions
            {
                Expires = DateTimeOffset.UtcNow.AddYears(1),
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                Secure = http.Request.IsHttps,
            });
            return Results.LocalRedirect(ImageSharePortal.Web.Auth.ReturnUrls.Safe(returnUrl));
        });
}
