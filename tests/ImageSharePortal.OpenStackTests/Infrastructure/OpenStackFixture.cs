using System.Diagnostics;

namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>
/// The real Keystone + Glance (checked to answer), one portal in OpenStack mode and one Debian Chromium for the run.
/// Fails, never skips, when the servers are not there.
/// </summary>
public sealed class OpenStackFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private FaultPortal? _faultPortal;

    public OpenStackEnvironment Environment { get; private set; } = default!;

    public OpenStackApi Api { get; private set; } = default!;

    public OpenStackPortal Portal { get; private set; } = default!;

    public IBrowser Browser { get; private set; } = default!;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(
        System.Environment.GetEnvironmentVariable("ISP_ARTIFACTS") ?? Path.Combine(OpenStackPortal.RepositoryRoot, "artifacts", "openstack")).FullName;

    public async ValueTask InitializeAsync()
    {
        Environment = OpenStackEnvironment.Load();
        await ExpectAnswerAsync(Environment.KeystoneUrl, "Keystone");
        await ExpectAnswerAsync(new Uri(Environment.GlanceUrl, "/healthcheck"), "Glance");
        Api = new OpenStackApi(Environment);
        Portal = new OpenStackPortal(Environment);
        Portal.StartServer();

        _playwright = await Playwright.CreateAsync();
        Browser = await DebianChromium.LaunchAsync(_playwright);
    }

    /// <summary>The portal behind controllable proxies, started on first use.</summary>
    public FaultPortal FaultPortal => _faultPortal ??= new FaultPortal(Environment);

    /// <summary>A fresh browser context (its own cookies) on a portal, the run's by default.</summary>
    public async Task<IPage> NewPageAsync(OpenStackPortal? portal = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = (portal ?? Portal).BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    /// <summary>Runs <c>scripts/openstack/openstack.sh</c> with a command (e.g. <c>stop-glance</c>) on this run's instance.</summary>
    public async Task RunScriptAsync(string command)
    {
        var script = Path.Combine(OpenStackPortal.RepositoryRoot, "scripts", "openstack", "openstack.sh");
        var start = new ProcessStartInfo("bash", [script, command]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["ISP_OPENSTACK_DIR"] = Environment.StateDirectory;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"openstack.sh {command} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_faultPortal is not null)
        {
            await _faultPortal.DisposeAsync();
        }

        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        Api?.Dispose();
    }

    private async Task ExpectAnswerAsync(Uri url, string name)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await http.GetAsync(url);
            if ((int)response.StatusCode >= 500)
            {
                throw new InvalidOperationException($"{name} at {url} answers {(int)response.StatusCode}.");
            }
        }
        catch (HttpRequestException e)
        {
            throw new InvalidOperationException(
                $"{name} at {url} does not answer ({e.Message}). Settings came from {Environment.Source}: start the servers with 'scripts/openstack/openstack.sh start'.", e);
        }
    }
}
