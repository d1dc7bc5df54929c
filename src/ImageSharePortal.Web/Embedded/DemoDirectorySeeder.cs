using ImageSharePortal.Sandbox;

namespace ImageSharePortal.Web.Embedded;

/// <summary>
/// Embedded default only: the demo directory plays the cloud's Keystone, so its projects (with their users' emails)
/// are known to the project directory from the start, as if each had signed in once. A real cloud's projects are
/// learned from sign-ins and verified requests.
/// </summary>
internal sealed class DemoDirectorySeeder(ProjectDirectory directory) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var project in SandboxDirectory.Projects)
        {
            var users = SandboxDirectory.Users.Where(u => u.ProjectId == project.Id).Select(u => (u.Email, (string?)u.Id, (string?)u.DisplayName));
            await directory.RecordAsync(project.Id, project.Name, "Default", ProjectDirectory.FromDemo, users, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
