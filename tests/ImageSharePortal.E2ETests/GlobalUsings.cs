global using ImageSharePortal.TestSupport;
global using ImageSharePortal.E2ETests.Infrastructure;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Playwright;
global using Xunit;

[assembly: AssemblyFixture(typeof(BrowserFixture))]
