var builder = WebApplication.CreateBuilder(args);

builder.AddImageSharePortal();

var app = builder.Build();

app.UseImageSharePortal();

await app.RunAsync();

/// <summary>The portal's entry point (public for the test hosts).</summary>
public partial class Program;
