namespace ImageSharePortal.E2ETests.Infrastructure;

/// <summary>The real portal with its embedded sandbox (see <see cref="PortalHost{TEntryPoint}"/>), mail to a drop folder unless a test says otherwise.</summary>
public sealed class PortalApp(Dictionary<string, string?>? settings = null, string? dataDirectory = null)
    : PortalHost<Program>("isp-e2e-", Defaults, settings, dataDirectory)
{
    private static Dictionary<string, string?> Defaults(string data) => new()
    {
        ["ConnectionStrings:Portal"] = $"Data Source={Path.Combine(data, "portal.db")}",
        ["Sandbox:Url"] = "http://127.0.0.1:0",
        ["Sandbox:DatabasePath"] = Path.Combine(data, "sandbox.db"),
        ["Sandbox:Seed"] = "true",
        ["Email:MailDropFolder"] = Path.Combine(data, "maildrop"),
        ["Email:PollInterval"] = "00:00:00.250",
        ["Email:RetryBaseDelay"] = "00:00:00.500",
        ["Email:MaxRetryDelay"] = "00:00:02",
        ["Email:SendTimeout"] = "00:00:05",
        ["AccessRequests:PermitLimit"] = "1000",
    };
}
