global using ImageSharePortal.TestSupport;
global using ImageSharePortal.FederationTests.Infrastructure;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Playwright;
global using Xunit;

[assembly: AssemblyFixture(typeof(FederationFixture))]

// One provider, one Keystone, one Glance for the whole project: the cases run one at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
