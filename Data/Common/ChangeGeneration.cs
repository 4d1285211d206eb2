using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GuidanceBot.Data.Common;

/// <summary>
/// A number that moves whenever this process commits a change, so read models cached under it
/// (the year status, the unit directory) are never served stale after a local write.
/// </summary>
public sealed class ChangeGeneration
{
    private long value;

    public long Value => Interlocked.Read(ref value);

    public void Bump() => Interlocked.Increment(ref value);
}

/// <summary>Bumps <see cref="ChangeGeneration"/> after every successful SaveChanges that wrote rows.</summary>
public sealed class ChangeGenerationInterceptor(ChangeGeneration generation) : SaveChangesInterceptor
{
    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (result > 0)
        {
            generation.Bump();
        }
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (result > 0)
        {
            generation.Bump();
        }
        return ValueTask.FromResult(result);
    }
}
