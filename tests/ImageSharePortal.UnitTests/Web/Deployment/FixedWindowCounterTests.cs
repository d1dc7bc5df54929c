using ImageSharePortal.Web.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace ImageSharePortal.UnitTests.Web.Deployment;

/// <summary>The in-process throttling counter (the one instance default; Redis's is tested against a real Redis).</summary>
public sealed class FixedWindowCounterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_window_allows_the_limit_then_refuses_until_it_ends_and_keys_are_apart()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 2, 9, 0, 0, TimeSpan.Zero));
        var counter = new MemoryFixedWindowCounter(clock);
        var window = TimeSpan.FromMinutes(10);

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await counter.HitAsync("ip:1", 3, window, Ct)).Allowed);
        }

        clock.Advance(TimeSpan.FromMinutes(4));
        var refused = await counter.HitAsync("ip:1", 3, window, Ct);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMinutes(6), refused.RetryAfter);
        Assert.True((await counter.HitAsync("ip:2", 3, window, Ct)).Allowed);

        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.True((await counter.HitAsync("ip:1", 3, window, Ct)).Allowed);
    }
}
