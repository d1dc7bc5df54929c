using System.Collections.Concurrent;
using ImageSharePortal.Web.Auth.Keystone;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace ImageSharePortal.OpenStackTests.Infrastructure;

/// <summary>Base of the cases: the fixture, images created through Glance and deleted afterwards, session look-ups.</summary>
public abstract class OpenStackTest(OpenStackFixture fixture) : IAsyncDisposable
{
    private readonly ConcurrentBag<(string Id, OpenStackUser Owner)> _images = [];

    protected OpenStackFixture Fixture { get; } = fixture;

    protected OpenStackEnvironment Env => Fixture.Environment;

    protected OpenStackApi Api => Fixture.Api;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected string Tag { get; } = "isp-openstack-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A shared image of the producer through Glance, deleted when the case ends.</summary>
    protected async Task<(string Id, string Name)> CreateSharedImageAsync(string prefix)
    {
        var name = $"{prefix} {Guid.NewGuid():N}"[..(prefix.Length + 9)];
        var id = await Api.CreateImageAsync(Env.Producer, name, Tag, Ct);
        _images.Add((id, Env.Producer));
        return (id, name);
    }

    /// <summary>A shared image of <paramref name="owner"/>, deleted when the case ends.</summary>
    protected async Task<string> CreateSharedImageAsync(OpenStackUser owner, string name, CancellationToken ct)
    {
        var id = await Api.CreateImageAsync(owner, name, Tag, ct);
        _images.Add((id, owner));
        return id;
    }

    /// <summary>The Keystone session the portal holds for a browser context (read through the portal's own cookie format).</summary>
    protected static async Task<KeystoneSession?> SessionOfAsync(OpenStackPortal portal, IPage page)
    {
        var cookie = (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == "isp.session");
        if (cookie is null)
        {
            return null;
        }

        var options = portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var ticket = options.TicketDataFormat.Unprotect(cookie.Value);
        var sessionId = ticket?.Principal.FindFirst(ImageSharePortal.Web.Auth.PortalClaims.SessionId)?.Value;
        return portal.Services.GetRequiredService<KeystoneSessionStore>().Find(sessionId);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (id, owner) in _images)
        {
            await Api.DeleteImageAsync(owner, id, CancellationToken.None);
        }

        GC.SuppressFinalize(this);
    }
}
