using ImageSharePortal.Web.Localization;
using ImageSharePortal.Web.Components;
using ImageSharePortal.Web.Features.Catalogue;
using ImageSharePortal.Web.Features.Inbox;
using ImageSharePortal.Web.Features.MyImages;
using ImageSharePortal.Web.Features.Requests;
using ImageSharePortal.Web.Hosting;
using MudBlazor.Services;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The portal's table of contents: every registration and the request pipeline.</summary>
public static class PortalHostingExtensions
{
    public static WebApplicationBuilder AddImageSharePortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<PortalOptions>().Bind(configuration.GetSection(PortalOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ProjectIdOptions>().Bind(configuration.GetSection(ProjectIdOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(o => IsRegex(o.Pattern), "ProjectIds:Pattern is not a valid regular expression.")
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddMemoryCache();

        // The backend and sign-in mode decide what is registered: read once, here.
        var portal = PortalOptions.From(configuration);
        services.AddPortalSharedState(configuration);
        services.AddPortalProductionDefaults(configuration);
        services.AddPortalAuthentication(configuration, builder.Environment, portal);
        services.AddPortalStore(configuration, builder.Environment);
        services.AddImagesApi(configuration);
        services.AddImagesBackend(configuration, portal);
        services.AddPortalFeatures();
        services.AddPortalEmail(configuration);
        services.AddPortalShares(configuration, portal);
        services.AddAccessRequestRateLimit(configuration);
        services.AddCatalogueCaching(configuration);

        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = PortalCircuits.MaxClientMessageBytes);
        // Notices at the bottom: at the top they cover the app bar (project, sign-out) on a phone.
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomLeft);
        services.AddTransient<MudBlazor.MudLocalizer, ImageSharePortal.Web.Localization.PortalMudLocalizer>(); // MudBlazor's own labels in the page's language
        services.AddAntiforgery();
        services.AddHttpContextAccessor();
        services.AddScoped<Microsoft.AspNetCore.Components.Forms.AntiforgeryStateProvider, OnDemandAntiforgeryStateProvider>();
        return builder;
    }

    /// <summary>
    /// Embedded: the sandbox runs in-process and answers the client (a build with <c>EmbeddedDefault=false</c> leaves it
    /// out, and refuses to start on it). OpenStack: the sandbox is not mounted at all.
    /// </summary>
    public static IServiceCollection AddImagesBackend(this IServiceCollection services, IConfiguration configuration, PortalOptions portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        if (portal.Backend == BackendMode.OpenStack)
        {
            services.AddOpenStackBackend(configuration, portal);
        }
#if EMBEDDED_DEFAULT
        else if (portal.SignIn is SignInMode.Keystone or SignInMode.Organisation)
        {
            throw new InvalidOperationException(
                $"Portal:SignIn is '{portal.SignIn}' but Portal:Backend is 'Embedded': the sandbox does not take Keystone tokens. Set Portal:Backend=OpenStack.");
        }
        else
        {
            services.AddEmbeddedImagesBackend(configuration);
        }
#else
        else
        {
            throw new InvalidOperationException(PortalStartup.LeftOut("Portal:Backend is 'Embedded'", "Set Portal:Backend=OpenStack."));
        }
#endif

        return services;
    }

    public static IServiceCollection AddPortalFeatures(this IServiceCollection services)
    {
        services.AddScoped<CatalogueService>();
        services.AddSingleton<CatalogueCache>();
        services.AddPortalLocalization();
        services.AddOutputCache(); // the store CatalogueCache evicts from; the catalogue's policy is added by AddCatalogueCaching
        services.AddHybridCache(); // member lists; Redis is its second level when ConnectionStrings:Redis is set
        services.AddScoped<MyImagesService>();
        services.AddScoped<MemberSharingService>();
        services.AddSingleton<ImageSharePortal.Web.Features.Shared.MemberListCache>();
        services.AddScoped<InboxService>();
        services.AddScoped<RequestsService>();
        services.AddScoped<ExistingShare>();
        services.AddScoped<RequestDecisionsService>();
        services.AddScoped<UndeliveredMailService>();
        services.AddScoped<HistoryService>();
        services.AddScoped<ImageSharePortal.Web.Features.Dashboard.DashboardService>();
        services.AddScoped<AuditLog>();
        services.AddSingleton<ProjectIdPolicy>();
        services.AddSingleton<ProjectDirectory>();
        services.AddScoped<ShareNotices>();
        services.AddSingleton<ProjectContacts>();
        services.AddSingleton<LiveNotifier>();
        services.AddSingleton<OutboxSignal>();
        return services;
    }

    public static WebApplication UseImageSharePortal(this WebApplication app)
    {
        app.UsePortalForwardedHeaders();
        app.UsePortalHeadRequests();
        app.UsePortalLocalization();
        app.UseRouting(); // explicit, after the HEAD rewrite: endpoints are matched on the method the pages answer

        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UsePortalSecurityHeaders(app.Configuration);
        app.UseCatalogueCaching();

        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/Error",
            CreateScopeForErrors = true,
            StatusCodeSelector = PortalErrors.StatusCode,
        });
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseCleanReExecution();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseAccessRequestRateLimit();

        app.MapPortalHealth();
        app.MapStaticAssets();
        app.MapPortalAccount();
        app.MapCultureSwitch();
        ImageSharePortal.Web.Features.History.HistoryExport.MapHistoryExport(app);
        // frame-ancestors is part of the portal's own CSP (UsePortalSecurityHeaders); Blazor's would replace that header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);

        app.Lifetime.ApplicationStarted.Register(() => LogAddresses(app));
        return app;
    }

    /// <summary>The <c>migrate</c> command: migrates the store, says so, and returns the process's exit code.</summary>
    public static async Task<int> MigrateStoreAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ImageSharePortal");
        try
        {
            await app.Services.GetRequiredService<ImageSharePortal.Web.Store.StoreMigrations>().MigrateAsync(CancellationToken.None);
            PortalLog.Migrated(logger);
            return 0;
        }
        catch (Exception e) when (e is Microsoft.EntityFrameworkCore.DbUpdateException or System.Data.Common.DbException or InvalidOperationException)
        {
            PortalLog.MigrationFailed(logger, e.Message);
            return 1;
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static void LogAddresses(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ImageSharePortal");
        var portal = app.Services.GetRequiredService<IOptions<PortalOptions>>().Value;
        var imagesApi = app.Services.GetRequiredService<IOptions<ImagesApiOptions>>().Value.BaseUrl?.ToString();
        string identity;
        if (portal.Backend == BackendMode.OpenStack)
        {
            var keystone = app.Services.GetRequiredService<IOptions<ImageSharePortal.Keystone.KeystoneOptions>>().Value;
            identity = $"Keystone {keystone.AuthUrl}";
            imagesApi ??= keystone.ImageEndpoint?.ToString() ?? $"the image endpoint of each token's catalog ({keystone.Interface}{(string.IsNullOrEmpty(keystone.Region) ? "" : ", region " + keystone.Region)})";
        }
        else
        {
            identity = "demo personas";
            imagesApi ??= app.Services.GetService<IImagesEndpointDescription>()?.Describe() ?? "(none)";
        }

        PortalLog.Started(logger, string.Join(", ", app.Urls), app.Environment.EnvironmentName, portal.Backend.ToString(), portal.SignIn.ToString(), identity, imagesApi);
    }
}

/// <summary>Errors that mean a server the portal depends on is down, said in words (the Error page, a 503).</summary>
public static class PortalErrors
{
    /// <summary>
    /// 400 for a request that could not be read (a form value with a NUL or a control character, an expired or missing
    /// antiforgery token, a malformed body), 503 for a server the portal depends on that does not answer, 500 otherwise.
    /// </summary>
    public static int StatusCode(Exception error) => error switch
    {
        _ when IsUnreadableRequest(error) => StatusCodes.Status400BadRequest,
        _ when Unavailable(error) is not null => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static bool IsUnreadableRequest(Exception? error) => error is Microsoft.AspNetCore.Antiforgery.AntiforgeryValidationException
        or Microsoft.AspNetCore.Http.BadHttpRequestException or InvalidDataException;

    /// <summary>
    /// The error and not-found pages are re-executed for the failed request: as a GET without its body, so a form that
    /// could not be read (the reason it failed) is not read again and the page itself cannot fail.
    /// </summary>
    public static IApplicationBuilder UseCleanReExecution(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var reExecuted = context.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is not null
            || context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is not null;
        if (reExecuted && !HttpMethods.IsGet(context.Request.Method))
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.ContentType = null;
            context.Request.ContentLength = 0;
            context.Request.Body = Stream.Null;
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(FormCollection.Empty));
        }

        await next(context);
    });

    /// <summary>Which server does not answer, in English (pages say it with <see cref="ImageSharePortal.Web.Localization.ErrorText.Unavailable"/>).</summary>
    public static string? Unavailable(Exception? error) =>
        UnavailableKey(error) is { } key ? ImageSharePortal.Web.Components.Shared.Words.English(key) : null;

    /// <summary>The resource key of the sentence saying which server does not answer; null when the error is not one of those.</summary>
    public static string? UnavailableKey(Exception? error) => error switch
    {
        null => null,
        ImageSharePortal.Web.Auth.Keystone.SessionStoreUnavailableException => "Errors.SessionStore",
        StackExchange.Redis.RedisException or StackExchange.Redis.RedisTimeoutException => "Errors.SharedCache",
        System.Data.Common.DbException or TimeoutException => "Errors.Database",
        Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException => "Errors.Database",
        _ => error.InnerException is { } inner ? UnavailableKey(inner) : null,
    };
}

/// <summary>Limits of the circuits' connection.</summary>
public static class PortalCircuits
{
    /// <summary>
    /// The largest message a browser may send a circuit. The first one carries the state prerendering handed over
    /// (an inbox of <c>InboxPage.MaxPersistedShares</c> shares is up to about 90 KB); SignalR's default of 32 KB closed the
    /// connection of any inbox past about 90 shares.
    /// </summary>
    public const int MaxClientMessageBytes = 128 * 1024;
}

internal static partial class PortalLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "ImageSharePortal on {Urls} ({Environment}); backend {Backend}, sign-in {SignIn} with {Identity}; Images API at {ImagesApi}")]
    public static partial void Started(ILogger logger, string urls, string environment, string backend, string signIn, string identity, string imagesApi);

    [LoggerMessage(Level = LogLevel.Information, Message = "The store is up to date")]
    public static partial void Migrated(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migrating the store failed: {Reason}")]
    public static partial void MigrationFailed(ILogger logger, string reason);
}
