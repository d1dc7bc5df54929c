using System.Security.Claims;
using ImageSharePortal.Web.Auth;
using ImageSharePortal.Web.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace ImageSharePortal.ComponentTests.Features.Account;

/// <summary>The app bar's project switcher: a form posting to /account/switch-project, one button per project.</summary>
public sealed class ProjectSwitcherTests : BunitContext
{
    private readonly FakeProjects _projects = new();

    public ProjectSwitcherTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton<ISessionProjects>(_projects);
    }

    [Fact]
    public void Lists_the_projects_with_the_current_one_marked_and_posts_the_choice_with_the_current_page()
    {
        _projects.Value = new SessionProjects([new("p1", "isp-producer"), new("p2", "isp-producer-2")], CanSwitch: true);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/images?marker=abc");

        var cut = Render<ProjectSwitcher>(p => p.Add(c => c.User, User("p1")));

        var form = cut.Find("form");
        Assert.Equal("post", form.GetAttribute("method"));
        Assert.Equal("/account/switch-project", form.GetAttribute("action"));
        Assert.Equal("/images?marker=abc", cut.Find("input[name=returnUrl]").GetAttribute("value"));
        var buttons = cut.FindAll("button[name=projectId]");
        Assert.Equal(["p1", "p2"], buttons.Select(b => b.GetAttribute("value")));
        Assert.True(buttons[0].HasAttribute("disabled"));
        Assert.Equal("true", buttons[0].GetAttribute("aria-current"));
        Assert.Contains("(current)", buttons[0].TextContent, StringComparison.Ordinal);
        Assert.False(buttons[1].HasAttribute("disabled"));
    }

    [Fact]
    public void Follows_navigation_for_the_return_url()
    {
        _projects.Value = new SessionProjects([new("p1", "one"), new("p2", "two")], CanSwitch: true);
        var cut = Render<ProjectSwitcher>(p => p.Add(c => c.User, User("p1")));

        Services.GetRequiredService<NavigationManager>().NavigateTo("/inbox");

        cut.WaitForAssertion(() => Assert.Equal("/inbox", cut.Find("input[name=returnUrl]").GetAttribute("value")));
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public void Is_not_shown_with_one_project_or_for_an_application_credential(int projects, bool canSwitch)
    {
        _projects.Value = new SessionProjects([.. Enumerable.Range(1, projects).Select(i => new SessionProject($"p{i}", $"project {i}"))], canSwitch);

        var cut = Render<ProjectSwitcher>(p => p.Add(c => c.User, User("p1")));

        Assert.Empty(cut.FindAll("[data-testid=project-switcher]"));
    }

    private static ClaimsPrincipal User(string project) => new(new ClaimsIdentity(
        [new Claim(PortalClaims.UserId, "u1"), new Claim(PortalClaims.ProjectId, project), new Claim(PortalClaims.SessionId, "s1")], "keystone"));

    private sealed class FakeProjects : ISessionProjects
    {
        public SessionProjects? Value { get; set; }

        public SessionProjects? ProjectsOf(ClaimsPrincipal? principal) => Value;
    }
}
