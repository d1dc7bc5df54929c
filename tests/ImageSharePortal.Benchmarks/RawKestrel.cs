using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

/// <summary>
/// The baseline of the catalogue throughput benchmark (scripts/bench/catalogue.sh): a bare Kestrel app that answers every
/// request with the same bytes the portal sent for <c>/</c> (body file, and its Content-Type and Content-Encoding),
/// so the ratio measures only what the portal does per request.
/// </summary>
internal static class RawKestrel
{
    public static bool TryRun(string[] args)
    {
        if (args.Length < 3 || args[0] != "raw-server")
        {
            return false;
        }

        var body = File.ReadAllBytes(args[1]);
        var port = int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture);
        var contentEncoding = args.Length > 3 && args[3].Length > 0 ? args[3] : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(async http =>
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            http.Response.ContentLength = body.Length;
            if (contentEncoding is not null)
            {
                http.Response.Headers.ContentEncoding = contentEncoding;
            }

            await http.Response.Body.WriteAsync(body);
        });
        app.Run();
        return true;
    }
}
