using ImageSharePortal.Images;
using ImageSharePortal.Web.Auth;

namespace ImageSharePortal.UnitTests.Web;

/// <summary>The services' one "not signed in" guard.</summary>
public sealed class SignedInTests
{
    private static readonly PortalIdentity Alice = new("u-1", "Alice", "alice@example.org", "p-1", "orbital-images", ["member"], "s-1");

    private sealed class Session(PortalIdentity? who) : ICurrentIdentity
    {
        public Task<PortalIdentity?> GetAsync(CancellationToken cancellationToken = default) => Task.FromResult(who);
    }

    [Fact]
    public async Task A_signed_in_session_runs_the_action_for_its_own_identity()
    {
        var result = await new Session(Alice).AsSignedInAsync<string>(who => Task.FromResult(ImagesResult<string>.Success(who.ProjectId)), CancellationToken.None);

        Assert.True(result.IsSuccess);
        Assert.Equal("p-1", result.Value);
    }

    [Fact]
    public async Task A_session_that_is_not_signed_in_gets_the_refusal_and_nothing_runs()
    {
        var ran = false;
        var images = await new Session(null).AsSignedInAsync<string>(_ => { ran = true; return Task.FromResult(ImagesResult<string>.Success("x")); }, CancellationToken.None);
        var other = await new Session(null).AsSignedInAsync(_ => { ran = true; return Task.FromResult("done"); }, message => "refused: " + message, CancellationToken.None);

        Assert.False(ran);
        Assert.False(images.IsSuccess);
        Assert.Equal(ImagesErrorKind.Unauthorized, images.Error!.Kind);
        Assert.Equal("refused: " + ImagesError.NotSignedIn.Message, other);
    }
}
