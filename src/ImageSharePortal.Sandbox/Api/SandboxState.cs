namespace ImageSharePortal.Sandbox.Api;

/// <summary>Process-wide state of one running sandbox: settings, clock, and the lock that serialises writes.</summary>
internal sealed class SandboxState(int memberQuota, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    /// <summary>Glance's <c>image_member_quota</c>; negative means unlimited.</summary>
    public int MemberQuota { get; } = memberQuota;

    public TimeProvider Time { get; } = time;

    public DateTime UtcNow => Time.GetUtcNow().UtcDateTime;

    /// <summary>
    /// Writes are serialised: quota and duplicate checks read then write, and SQLite has a single writer anyway.
    /// </summary>
    public async Task<IDisposable> EnterWriteAsync(CancellationToken ct)
    {
        await _writeLock.WaitAsync(ct);
        return new Releaser(_writeLock);
    }

    public void Dispose() => _writeLock.Dispose();

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
