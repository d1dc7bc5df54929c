global using Bunit;
global using ImageSharePortal.ComponentTests.Infrastructure;
global using Microsoft.AspNetCore.Builder;
global using Xunit;
global using Microsoft.Extensions.DependencyInjection;
global using Bunit.TestDoubles;
