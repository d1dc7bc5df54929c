using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace ImageSharePortal.E2ETests.Deployment;

/// <summary>
/// A production build (<c>dotnet publish -p:EmbeddedDefault=false</c>) leaves the embedded default out: no sandbox, no
/// demo personas, no mail drop, no /dev/mailbox; asked for any of them, it refuses to start with a sentence.
/// </summary>
public sealed class ProductionBuildTests(ProductionBuildTests.Published published) : IClassFixture<ProductionBuildTests.Published>
{
    private string Output => published.Folder;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The portal published once for the class.</summary>
    public sealed class Published : IAsyncLifetime
    {
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "isp-production-build-" + Guid.NewGuid().ToString("N"));

        public async ValueTask InitializeAsync()
        {
            // Its own intermediate and output folders (obj/Production/, bin/Production/ in each project), so the suite's Release build and its dlls stay as they are.
            var publish = await ProcessRun.RunAsync("dotnet",
                ["publish", "src/ImageSharePortal.Web", "-c", "Release", "-nologo", "-v:q", "-p:EmbeddedDefault=false", "-p:IntermediateOutputPath=obj/Production/", "-p:OutputPath=bin/Production/", "-o", Folder],
                TimeSpan.FromMinutes(5), workingDirectory: TestPaths.RepositoryRoot, cancellationToken: Ct);
            Assert.True(publish.ExitCode == 0, publish.Output + publish.Error);
        }

        public ValueTask DisposeAsync()
        {
            if (Directory.Exists(Folder))
            {
                Directory.Delete(Folder, recursive: true);
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public void The_published_portal_has_no_sandbox_personas_or_mail_drop_in_it()
    {
        Assert.False(File.Exists(Path.Combine(Output, "ImageSharePortal.Sandbox.dll")));
        Assert.True(File.Exists(Path.Combine(Output, "wwwroot", "css", "app.css.br")));

        using var pe = new PEReader(File.OpenRead(Path.Combine(Output, "ImageSharePortal.Web.dll")));
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name)).ToList();
        Assert.Contains("ImageSharePortal.Images", references);
        Assert.DoesNotContain("ImageSharePortal.Sandbox", references);
        var types = metadata.TypeDefinitions.Select(t => metadata.GetString(metadata.GetTypeDefinition(t).Name)).ToHashSet();
        Assert.Contains("SignInPage", types);
        foreach (var leftOut in new[] { "PersonaSignIn", "PersonaSignInForm", "MailboxPage", "MailDropEmailSender", "OwnerProjectCaller", "DemoCatalogueSeeder" })
        {
            Assert.DoesNotContain(leftOut, types);
        }
    }

    [Theory]
    [InlineData("Portal__Backend", "Embedded", "Portal:Backend is 'Embedded', but this build leaves out the embedded default")]
    [InlineData("Portal__SignIn", "Development", "Portal:SignIn is 'Development' (demo personas), but this build leaves out the embedded default")]
    [InlineData("Email__Mode", "MailDrop", "Email:Mode is 'MailDrop', but this build leaves out the embedded default")]
    public async Task Asked_for_a_part_of_the_embedded_default_it_does_not_start_and_names_the_setting(string key, string value, string sentence)
    {
        // Everything else is a production portal's: OpenStack, Keystone sign-in, SMTP.
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
            ["Portal__Backend"] = "OpenStack",
            ["Portal__SignIn"] = "Keystone",
            ["Keystone__AuthUrl"] = "http://127.0.0.1:9/v3",
            ["Email__Mode"] = "Smtp",
            ["Email__Host"] = "127.0.0.1",
            [key] = value,
        };
        var run = await ProcessRun.RunAsync("dotnet", [Path.Combine(Output, "ImageSharePortal.Web.dll"), "--contentRoot", Output],
            TimeSpan.FromMinutes(1), environment, Output, Ct);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("ImageSharePortal did not start: " + sentence, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Output + run.Error, StringComparison.Ordinal);
    }
}
