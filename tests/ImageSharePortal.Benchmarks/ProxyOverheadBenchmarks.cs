using BenchmarkDotNet.Attributes;
using ImageSharePortal.Images;
using ImageSharePortal.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Benchmarks;

/// <summary>
/// The design's budget "proxy overhead over a direct Images API call: p50 within 10%": the same
/// <c>GET /v2/images?limit=25</c> against the seeded sandbox, once with a bare HttpClient and once through the
/// portal's client stack (Refit, resilience, identity handler, error mapping). Compare the two medians.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "BenchmarkDotNet owns the lifetime: GlobalCleanup disposes.")]
public class ProxyOverheadBenchmarks
{
    private static readonly SandboxProject Consumer = SandboxDirectory.Projects.First(p => !p.IsProducer);

    private SandboxServer _sandbox = default!;
    private string _dataDirectory = default!;
    private HttpClient _direct = default!;
    private ServiceProvider _services = default!;
    private IImagesClient _client = default!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _dataDirectory = Directory.CreateTempSubdirectory("isp-bench-").FullName;
        _sandbox = new SandboxServer(
            Options.Create(new SandboxOptions { Url = "http://127.0.0.1:0", DatabasePath = Path.Combine(_dataDirectory, "sandbox.db"), Seed = true }),
            new BenchEnvironment(_dataDirectory),
            NullLoggerFactory.Instance);
        await _sandbox.StartAsync(CancellationToken.None);
        var baseAddress = await _sandbox.GetBaseAddressAsync(CancellationToken.None);

        _direct = new HttpClient { BaseAddress = baseAddress };
        _direct.DefaultRequestHeaders.Add("Accept", "application/json");
        _direct.DefaultRequestHeaders.Add("X-Identity-Status", "Confirmed");
        _direct.DefaultRequestHeaders.Add("X-Project-Id", Consumer.Id);
        _direct.DefaultRequestHeaders.Add("X-User-Id", "bench");
        _direct.DefaultRequestHeaders.Add("X-Roles", "member,reader");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ImagesApi:BaseUrl"] = baseAddress.ToString(),
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddImagesApi(configuration)
            .AddSingleton<IImagesCallerAccessor>(new FixedCaller(new ImagesCaller(Consumer.Id, "bench", ["member", "reader"])))
            .BuildServiceProvider();
        _client = _services.CreateScope().ServiceProvider.GetRequiredService<IImagesClient>();
    }

    [Benchmark(Baseline = true)]
    public async Task<int> DirectHttpClient()
    {
        using var response = await _direct.GetAsync(new Uri("/v2/images?limit=25", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        return body.Length;
    }

    [Benchmark]
    public async Task<int> PortalImagesClient()
    {
        var page = await _client.ListImagesAsync(new ImageListQuery { Limit = 25 });
        return page.IsSuccess ? page.Value.Images.Count : -1;
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _direct.Dispose();
        await _services.DisposeAsync();
        await _sandbox.StopAsync(CancellationToken.None);
        await _sandbox.DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private sealed class FixedCaller(ImagesCaller caller) : IImagesCallerAccessor
    {
        public ValueTask<ImagesCaller?> GetCallerAsync(CancellationToken cancellationToken) => ValueTask.FromResult<ImagesCaller?>(caller);
    }

    private sealed class BenchEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Development";
        public string ApplicationName { get; set; } = "bench";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
