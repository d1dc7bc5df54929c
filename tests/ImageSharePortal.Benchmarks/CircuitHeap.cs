using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ImageSharePortal.TestSupport;
using Microsoft.Playwright;

/// <summary>
/// Managed heap per idle live circuit: opens N Chromium pages on a running portal's <c>/inbox</c> (persona dave),
/// waits until each is interactive, then takes a gcdump (which forces a full, compacting GC) of the portal and reads
/// its total heap. The slope of heap over N (least squares over several N) is the cost of one circuit.
/// <code>scripts/bench/circuits.sh</code> starts the portal; run by hand:
/// <c>dotnet ImageSharePortal.Benchmarks.dll circuits &lt;portal url&gt; &lt;portal pid&gt; [path] [counts]</c>.
/// </summary>
internal static partial class CircuitHeap
{
    public static async Task<bool> TryRunAsync(string[] args)
    {
        if (args.Length < 3 || args[0] != "circuits")
        {
            return false;
        }

        var portal = new Uri(args[1]);
        var pid = int.Parse(args[2], CultureInfo.InvariantCulture);
        var path = args.Length > 3 ? args[3] : "/inbox";
        var counts = (args.Length > 4 ? args[4] : "0,25,50,100").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await DebianChromium.LaunchAsync(playwright);
        var pages = new List<IBrowserContext>();
        var points = new List<(int N, double Bytes)>();
        foreach (var n in counts.Order())
        {
            while (pages.Count < n)
            {
                var context = await browser.NewContextAsync(new() { BaseURL = portal.ToString() });
                var page = await context.NewPageAsync();
                await page.GotoAsync($"/account/signin?returnUrl={Uri.EscapeDataString(path)}");
                await page.Locator("button[name=persona][value=dave]").ClickAsync();
                await page.Locator("[data-interactive=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
                pages.Add(context);
            }

            await Task.Delay(TimeSpan.FromSeconds(2)); // let the last circuits finish starting
            var bytes = await HeapBytesAsync(pid);
            points.Add((n, bytes));
            Console.WriteLine($"N={n,4}  heap {bytes / 1024:N0} KB");
        }

        var (slope, r2) = Fit(points);
        Console.WriteLine($"circuits on {path}: {slope / 1024:N0} KB per idle circuit (least squares over N = {string.Join("/", counts)}, R² = {r2:F4})");
        foreach (var context in pages)
        {
            await context.CloseAsync();
        }

        return true;
    }

    private static async Task<double> HeapBytesAsync(int pid)
    {
        var file = Path.Combine(Path.GetTempPath(), $"isp-circuits-{Guid.NewGuid():N}.gcdump");
        try
        {
            await RunAsync("dotnet-gcdump", $"collect -p {pid} -o {file}");
            var report = await RunAsync("dotnet-gcdump", $"report {file}");
            if (Environment.GetEnvironmentVariable("ISP_GCDUMP_TOP") is { Length: > 0 } top)
            {
                // The biggest types of this dump, to see where a circuit's memory goes.
                Console.WriteLine(string.Join('\n', report.Split('\n').Take(int.Parse(top, CultureInfo.InvariantCulture))));
            }
            // The report's last line: "<bytes>  GC Heap bytes"; summing the per-type lines is the same number.
            var total = TotalLine().Match(report);
            return total.Success
                ? double.Parse(total.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture)
                : throw new InvalidOperationException("dotnet-gcdump report printed no total:\n" + report);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<string> RunAsync(string tool, string arguments)
    {
        var toolPath = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", tool);
        using var process = Process.Start(new ProcessStartInfo(File.Exists(toolPath) ? toolPath : tool, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException($"{tool} did not start (dotnet tool install -g {tool})");
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{tool} {arguments}: {await process.StandardError.ReadToEndAsync()}{output}");
    }

    private static (double Slope, double R2) Fit(IReadOnlyList<(int N, double Bytes)> points)
    {
        var meanX = points.Average(p => p.N);
        var meanY = points.Average(p => p.Bytes);
        var sxy = points.Sum(p => (p.N - meanX) * (p.Bytes - meanY));
        var sxx = points.Sum(p => (p.N - meanX) * (p.N - meanX));
        var slope = sxy / sxx;
        var intercept = meanY - slope * meanX;
        var ssTot = points.Sum(p => Math.Pow(p.Bytes - meanY, 2));
        var ssRes = points.Sum(p => Math.Pow(p.Bytes - (intercept + slope * p.N), 2));
        return (slope, ssTot == 0 ? 1 : 1 - ssRes / ssTot);
    }

    [GeneratedRegex(@"([\d,]+)\s+GC Heap bytes")]
    private static partial Regex TotalLine();
}
