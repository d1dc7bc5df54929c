using System.Net.Security;
using ImageSharePortal.Images;
using ImageSharePortal.Keystone;
using ImageSharePortal.Sandbox;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Auth.Keystone;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Refit;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The portal's wiring in OpenStack mode: what is registered, what is refused at start.</summary>
public sealed class OpenStackModeTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("isp-openstack-mode-").FullName;

    [Fact]
    public void OpenStack_needs_Keystone_sign_in_and_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Portal:SignIn"] = "Development" }, "Development"));

        Assert.Contains("Portal:SignIn=Keystone", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keystone_sign_in_needs_the_OpenStack_backend_and_says_so()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(new() { ["Portal:Backend"] = "Embedded" }));

        Assert.Contains("Set Portal:Backend=OpenStack", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenStack_mode_mounts_no_sandbox_sends_Keystone_tokens_and_keeps_tokens_in_the_store()
    {
        using var app = Build([]);
        var services = app.Services;

        Assert.Null(services.GetService<SandboxServer>());
        Assert.Empty(services.GetServices<IImagesEndpointResolver>());
        Assert.Equal(ImagesAuthentication.KeystoneToken, services.GetRequiredService<IOptions<ImagesApiOptions>>().Value.Authentication);
        Assert.IsType<KeystoneSessionStore>(Assert.Single(services.GetServices<ISessionTokenSource>()));
        Assert.Equal("http://127.0.0.1:25000/v3", services.GetRequiredService<IOptions<KeystoneOptions>>().Value.AuthUrl?.AbsoluteUri);
    }

    [Fact]
    public void The_Images_API_client_uses_the_clouds_TLS_settings()
    {
        using var verified = Build([]);
        using var unverified = Build(new() { ["Keystone:VerifyTls"] = "false" });

        Assert.Null(PrimaryHandler(verified).SslOptions.RemoteCertificateValidationCallback);
        var callback = PrimaryHandler(unverified).SslOptions.RemoteCertificateValidationCallback;
        Assert.NotNull(callback);
        Assert.True(callback(this, null, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Fact]
    public void A_missing_Keystone_URL_fails_at_start_with_a_clear_message()
    {
        using var app = Build(new() { ["Keystone:AuthUrl"] = null });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<KeystoneOptions>>().Value);

        Assert.Contains("Keystone:AuthUrl is required in OpenStack mode", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_contentRoot, recursive: true);

    private static SocketsHttpHandler PrimaryHandler(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptionsMonitor<HttpClientFactoryOptions>>().Get(UniqueName.ForType<IGlanceImagesApi>());
        var builder = new TestHandlerBuilder(app.Services);
        foreach (var action in options.HttpMessageHandlerBuilderActions)
        {
            action(builder);
        }

        return Assert.IsType<SocketsHttpHandler>(builder.PrimaryHandler);
    }

    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["Portal:Backend"] = "OpenStack",
        ["Portal:SignIn"] = "Keystone",
        ["Keystone:AuthUrl"] = "http://127.0.0.1:25000/v3",
        ["ConnectionStrings:Portal"] = "Data Source=:memory:",
    };

    private WebApplication Build(Dictionary<string, string?> settings, string environment = "Production") =>
        PortalBuild.Build(_contentRoot, environment, Defaults, settings);

    private sealed class TestHandlerBuilder(IServiceProvider services) : HttpMessageHandlerBuilder
    {
        public override string? Name { get; set; }

        public override HttpMessageHandler PrimaryHandler { get; set; } = new HttpClientHandler();

        public override IList<DelegatingHandler> AdditionalHandlers { get; } = [];

        public override IServiceProvider Services { get; } = services;

        public override HttpMessageHandler Build() => PrimaryHandler;
    }
}
