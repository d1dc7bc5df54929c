namespace ImageSharePortal.TestSupport;

/// <summary>
/// The system clock moved forward by <see cref="Offset"/>: a test makes days pass for the portal (an end date, a reminder
/// period) while timers, sockets and the servers around it keep real time.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
