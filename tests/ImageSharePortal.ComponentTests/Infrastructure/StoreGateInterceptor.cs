using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ImageSharePortal.ComponentTests.Infrastructure;

/// <summary>SQLite in memory answers at once; this holds reads open so a page's loading state can be seen.</summary>
public sealed class StoreGateInterceptor : DbCommandInterceptor
{
    public TaskCompletionSource? Gate { get; set; }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return result;
    }
}
