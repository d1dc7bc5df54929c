using System.Net;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.Sandbox;

/// <summary>Fails start-up with a clear message when the sandbox would listen anywhere but on loopback.</summary>
internal sealed class SandboxOptionsValidator : IValidateOptions<SandboxOptions>
{
    public ValidateOptionsResult Validate(string? name, SandboxOptions options)
    {
        var failures = new List<string>();
        if (!TryParseListenUrl(options.Url, out _, out var error))
        {
            failures.Add(error);
        }

        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add($"{SandboxOptions.SectionName}:DatabasePath must name a SQLite file, e.g. \"data/sandbox.db\".");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses <see cref="SandboxOptions.Url"/> into the loopback endpoint Kestrel binds.</summary>
    internal static bool TryParseListenUrl(string? url, out IPEndPoint endPoint, out string error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = string.Empty;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
        {
            error = $"{SandboxOptions.SectionName}:Url must be an absolute http URL on loopback, e.g. \"http://127.0.0.1:5081\" (got \"{url}\").";
            return false;
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            error = $"{SandboxOptions.SectionName}:Url must be a bare origin without path, query or user info (got \"{url}\").";
            return false;
        }

        IPAddress address;
        if (uri.IsLoopback && string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = IPAddress.Loopback;
        }
        else if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) && IPAddress.IsLoopback(parsed))
        {
            address = parsed;
        }
        else
        {
            error = $"{SandboxOptions.SectionName}:Url must be on loopback (127.0.0.1, [::1] or localhost): the sandbox trusts identity headers and must never be reachable from the network (got \"{url}\").";
            return false;
        }

        endPoint = new IPEndPoint(address, uri.Port);
        return true;
    }
}
