global using ImageSharePortal.TestSupport;
global using ImageSharePortal.OpenStackTests.Infrastructure;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Playwright;
global using Xunit;

[assembly: AssemblyFixture(typeof(OpenStackFixture))]

// One real Glance for the whole project, and some cases stop it: the cases run one at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
