using ImageSharePortal.Web.Auth.Keystone;
using ImageSharePortal.Web.Auth.Organisation;

namespace ImageSharePortal.FederationTests.Refusals;

/// <summary>
/// Access tokens that must not reach a project, posted straight at the portal's exchange service, which posts them to
/// the real Keystone (behind mod_auth_openidc). None starts a session; each has a code the sign-in page words.
/// </summary>
public sealed class ExchangeRefusalTests(FederationFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string[]> Refused => new()
    {
        { SignInErrors.OrganisationTokenRefused, ["--user", "fed-producer", "--expired"] },
        { SignInErrors.OrganisationTokenRefused, ["--user", "fed-producer", "--audience", "api://another-app"] },
        { SignInErrors.OrganisationTokenRefused, ["--user", "fed-producer", "--issuer", "https://127.0.0.1:1/another-tenant/v2.0"] },
        { SignInErrors.OrganisationTokenRefused, ["--user", "fed-producer", "--foreign-key"] },
        { SignInErrors.NotMapped, ["--user", "fed-nomap"] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_refused_token_reaches_no_project(string expected, string[] mintArguments)
    {
        var token = await fixture.Api.MintAsync(mintArguments);
        var (result, sessionsBefore, sessionsAfter) = await SignInAsync(token);

        Assert.Equal(KeystoneSignInStep.Failed, result.Step);
        Assert.Equal(expected, result.Error);
        Assert.Null(result.Principal);
        Assert.Equal(sessionsBefore, sessionsAfter);
        Assert.False(string.IsNullOrEmpty(SignInErrors.Message(result.Error)));
    }

    [Fact]
    public async Task A_valid_token_signs_in_to_the_mapped_project()
    {
        var token = await fixture.Api.MintAsync("--user", "fed-producer");
        var (result, sessionsBefore, sessionsAfter) = await SignInAsync(token);

        Assert.Equal(KeystoneSignInStep.SignedIn, result.Step);
        Assert.Equal(sessionsBefore + 1, sessionsAfter);
        Assert.Equal(fixture.Environment.Producer.ProjectId, result.Principal!.FindFirst(ImageSharePortal.Web.Auth.PortalClaims.ProjectId)?.Value);
    }

    private async Task<(KeystoneSignInResult Result, int Before, int After)> SignInAsync(string accessToken)
    {
        using var scope = fixture.Portal.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<KeystoneSessionStore>();
        var before = store.Count;
        var result = await scope.ServiceProvider.GetRequiredService<OrganisationSignInService>()
            .SignInAsync(accessToken, refreshToken: null, accessTokenExpiresAt: null, cancellationToken: Ct);
        return (result, before, store.Count);
    }
}
