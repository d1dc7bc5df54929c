using System.Text.RegularExpressions;

namespace ImageSharePortal.Web.Components.Shared;

/// <summary>
/// The OpenStack CLI lines the portal shows beside its actions. Every line pastes into bash as shown: values are
/// quoted when they need it, and placeholders are shell variables that stop with a message when unset
/// (a literal <c>&lt;flavor&gt;</c> would be read as a redirection).
/// </summary>
public static partial class OpenStackCli
{
    /// <summary>With no <paramref name="projectId"/> yet, the line reads it from <c>$PROJECT_ID</c>.</summary>
    public static string AddProject(string imageId, string? projectId) =>
        $"openstack image add project {Quote(imageId)} {(projectId is null ? "\"${PROJECT_ID:?set PROJECT_ID to the consumer project ID}\"" : Quote(projectId))}";

    public static string RemoveProject(string imageId, string projectId) => $"openstack image remove project {Quote(imageId)} {Quote(projectId)}";

    public static string SetShared(string imageId) => $"openstack image set --shared {Quote(imageId)}";

    public static string MemberList(string imageId) => $"openstack image member list {Quote(imageId)}";

    /// <summary><c>--accept</c>, <c>--reject</c> or <c>--pending</c>, acting for the member project.</summary>
    public static string SetStatus(string imageId, string status) => $"openstack image set --{StatusFlag(status)} {Quote(imageId)}";

    public static string Boot(string imageId) =>
        $"openstack server create --image {Quote(imageId)} --flavor \"${{FLAVOR:?set FLAVOR, see openstack flavor list}}\" " +
        "--network \"${NETWORK:?set NETWORK, see openstack network list}\" my-server";

    /// <summary>Single-quotes a value for bash unless it is plainly safe (IDs are).</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && Safe().IsMatch(value) ? value : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    private static string StatusFlag(string status) => status switch
    {
        Images.MemberStatuses.Accepted => "accept",
        Images.MemberStatuses.Rejected => "reject",
        _ => "pending",
    };

    [GeneratedRegex("^[A-Za-z0-9._:/@%+=-]+$")]
    private static partial Regex Safe();
}
