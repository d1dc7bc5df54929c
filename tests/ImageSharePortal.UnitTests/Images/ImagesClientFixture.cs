using ImageSharePortal.Images;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;
using RichardSzalay.MockHttp;

namespace ImageSharePortal.UnitTests.Images;

/// <summary>The real client registration (AddImagesApi) with mock HTTP underneath.</summary>
internal sealed class ImagesClientFixture : IAsyncDisposable
{
    public const string BaseUrl = "http://glance.test";

    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    public ImagesClientFixture(ImagesCaller? caller, Dictionary<string, string?>? settings = null)
    {
        var config = new Dictionary<string, string?> { ["ImagesApi:BaseUrl"] = BaseUrl };
        foreach (var (key, value) in settings ?? [])
        {
            config[key] = value;
        }

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddImagesApi(new ConfigurationBuilder().AddInMemoryCollection(config).Build());
        services.AddSingleton<IImagesCallerAccessor>(new FixedCaller(caller));
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.PrimaryHandler = Http));
        _provider = services.BuildServiceProvider();
        _scope = _provider.CreateAsyncScope();
        Client = _scope.ServiceProvider.GetRequiredService<IImagesClient>();
    }

    public MockHttpMessageHandler Http { get; } = new();

    public IImagesClient Client { get; }

    public static ImagesCaller Producer { get; } = new("prodproject", "produser", ["member", "reader"]);

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
        Http.Dispose();
    }

    private sealed class FixedCaller(ImagesCaller? caller) : IImagesCallerAccessor
    {
        public ValueTask<ImagesCaller?> GetCallerAsync(CancellationToken cancellationToken) => ValueTask.FromResult(caller);
    }
}
