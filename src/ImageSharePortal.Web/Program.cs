// "ImageSharePortal.Web migrate" brings the store's schema up to date and exits (Store:MigrateAtStartup=false then
// leaves it to this command, run once per release).
var migrateOnly = args is ["migrate", ..];
var builder = WebApplication.CreateBuilder(migrateOnly ? args[1..] : args);

try
{
    builder.AddImageSharePortal();

    var app = builder.Build();

    if (migrateOnly)
    {
        return await app.MigrateStoreAsync();
    }

    // Settings checks before the host starts, so a wrong setting is our sentence alone, not also the host's trace.
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    app.UseImageSharePortal();

    await app.RunAsync();
    return 0;
}
catch (Exception e) when (PortalStartup.IsSettingsProblem(e))
{
    // A wrong setting is a sentence that names it, not a stack trace.
    await Console.Error.WriteLineAsync("ImageSharePortal did not start: " + PortalStartup.Describe(e));
    return 1;
}

/// <summary>The portal's entry point (public for the test hosts).</summary>
public partial class Program;
