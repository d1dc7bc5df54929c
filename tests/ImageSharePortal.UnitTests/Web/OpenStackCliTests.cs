using System.Diagnostics;
using ImageSharePortal.Images;
using ImageSharePortal.Web.Components.Shared;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The CLI lines beside the portal's actions paste into a real bash as shown (openstack stubbed to print its arguments).</summary>
public sealed class OpenStackCliTests
{
    private const string Image = "1f2e3d4c-0000-4000-8000-000000000001";
    private const string Project = "c0ffee11223344556677889900aabbcc";

    public static TheoryData<string, string[]> Lines => new()
    {
        { OpenStackCli.AddProject(Image, Project), ["image", "add", "project", Image, Project] },
        { OpenStackCli.RemoveProject(Image, Project), ["image", "remove", "project", Image, Project] },
        { OpenStackCli.SetShared(Image), ["image", "set", "--shared", Image] },
        { OpenStackCli.MemberList(Image), ["image", "member", "list", Image] },
        { OpenStackCli.SetStatus(Image, MemberStatuses.Accepted), ["image", "set", "--accept", Image] },
        { OpenStackCli.SetStatus(Image, MemberStatuses.Rejected), ["image", "set", "--reject", Image] },
        { OpenStackCli.SetStatus(Image, MemberStatuses.Pending), ["image", "set", "--pending", Image] },
        { OpenStackCli.Boot(Image), ["server", "create", "--image", Image, "--flavor", "m1.small", "--network", "private net", "my-server"] },
        { OpenStackCli.AddProject(Image, null), ["image", "add", "project", Image, "typed-in-env"] },
        { OpenStackCli.AddProject("it's odd", Project), ["image", "add", "project", "it's odd", Project] },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task Each_line_runs_in_bash_as_shown(string line, string[] expected)
    {
        var (exit, output, _) = await BashAsync(line, new() { ["FLAVOR"] = "m1.small", ["NETWORK"] = "private net", ["PROJECT_ID"] = "typed-in-env" });

        Assert.Equal(0, exit);
        Assert.Equal(expected, output.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task The_boot_line_without_a_flavor_stops_and_says_what_to_set()
    {
        var (exit, output, error) = await BashAsync(OpenStackCli.Boot(Image), []);

        Assert.NotEqual(0, exit);
        Assert.Empty(output);
        Assert.Contains("FLAVOR: set FLAVOR, see openstack flavor list", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> BashAsync(string line, Dictionary<string, string> variables)
    {
        var start = new ProcessStartInfo("/bin/bash", ["--noprofile", "--norc", "-c", "openstack() { printf '%s\\n' \"$@\"; }\n" + line])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("FLAVOR");
        start.Environment.Remove("NETWORK");
        start.Environment.Remove("PROJECT_ID");
        foreach (var (name, value) in variables)
        {
            start.Environment[name] = value;
        }

        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = await bash.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await bash.WaitForExitAsync(TestContext.Current.CancellationToken);
        return (bash.ExitCode, output, error);
    }
}
