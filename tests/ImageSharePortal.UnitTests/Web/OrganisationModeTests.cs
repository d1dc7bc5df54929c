using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Auth.Organisation;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The portal's wiring with organisation sign-in: the OpenID Connect handler's settings, what is refused at start.</summary>
public sealed class OrganisationModeTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("isp-organisation-mode-").FullName;

    [Theory]
    [InlineData("Organisation:Testing:AllowHttpMetadata")]
    [InlineData("Organisation:Testing:MetadataIssuerValidation")]
    public void Test_relaxations_are_refused_outside_Development(string relaxation)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { [relaxation] = "true" }, "Production"));

        Assert.Contains("refused outside the Development environment", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Test_relaxations_apply_in_Development_only_when_set()
    {
        using var app = Build(new() { ["Organisation:Testing:AllowHttpMetadata"] = "true", ["Organisation:Testing:MetadataIssuerValidation"] = "true" }, "Development");
        var oidc = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);

        Assert.False(oidc.RequireHttpsMetadata);
        Assert.Null(oidc.TokenValidationParameters.IssuerValidator);
    }

    [Fact]
    public void Production_uses_code_with_PKCE_the_API_scope_the_Entra_issuer_validator_and_the_portal_cookie()
    {
        using var app = Build([], "Production");
        var oidc = app.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OpenIdConnectDefaults.AuthenticationScheme);

        Assert.Equal("code", oidc.ResponseType);
        Assert.True(oidc.UsePkce);
        Assert.False(oidc.SaveTokens);
        Assert.True(oidc.RequireHttpsMetadata);
        Assert.NotNull(oidc.TokenValidationParameters.IssuerValidator);
        Assert.Contains("api://image-share-portal/access_as_user", oidc.Scope);
        Assert.Contains("offline_access", oidc.Scope);
        Assert.Equal(CookieAuthenticationDefaults.AuthenticationScheme, oidc.SignInScheme);
        Assert.Equal("https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001/v2.0", oidc.Authority);
        Assert.Equal(OrganisationSignInEvents.LoginPath,
            app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme).LoginPath);
        Assert.Contains(app.Services.GetServices<ISessionRenewal>(), r => r is OrganisationTokenRenewal);
    }

    [Fact]
    public void The_API_scope_and_Keystone_identity_provider_are_required_at_start()
    {
        using var app = Build(new() { ["Organisation:ApiScope"] = null, ["Organisation:KeystoneIdentityProvider"] = null }, "Production");

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<OrganisationOptions>>().Value);
        Assert.Contains("Organisation:ApiScope", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MudBlazor_reads_its_own_labels_through_the_portals_localizer()
    {
        using var app = Build([], "Production");
        Assert.IsType<ImageSharePortal.Web.Localization.PortalMudLocalizer>(app.Services.GetRequiredService<MudBlazor.MudLocalizer>());
    }

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Portal:Backend"] = "OpenStack",
        ["Portal:SignIn"] = "Organisation",
        ["Keystone:AuthUrl"] = "http://127.0.0.1:28000/v3",
        ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd:TenantId"] = "00000000-0000-0000-0000-000000000001",
        ["AzureAd:ClientId"] = "00000000-0000-0000-0000-000000000002",
        ["AzureAd:ClientSecret"] = "not-a-real-secret",
        ["AzureAd:CallbackPath"] = "/signin-oidc",
        ["Organisation:ApiScope"] = "api://image-share-portal/access_as_user",
        ["Organisation:KeystoneIdentityProvider"] = "entra",
        ["ConnectionStrings:Portal"] = "Data Source=:memory:",
    };

    private WebApplication Build(Dictionary<string, string?> settings, string environment) =>
        PortalBuild.Build(_contentRoot, environment, Defaults, settings);
}
