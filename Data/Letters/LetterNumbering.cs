using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Letters;

/// <summary>
/// Hands out letter serials per issuer and year, gap-free and unique. Runs inside the issuing
/// transaction, so a rolled-back issue returns its serial. The counter moves with a conditional update
/// (<c>… SET LastSerial = LastSerial + 1 WHERE … AND LastSerial = @seen</c>) and retries when another
/// issuer got there first, which keeps it correct on PostgreSQL's read-committed as well as on SQLite,
/// where the transaction already holds the write lock (BEGIN IMMEDIATE).
/// </summary>
public sealed class LetterNumbering(GuidanceDbContext db)
{
    private const int MaxAttempts = 100;

    public async Task<int> NextSerialAsync(int issuerUnitId, int year, CancellationToken ct = default)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A letter serial must be taken inside the transaction that issues the letter.");
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var seen = await db.LetterNumberCounters.AsNoTracking()
                .Where(c => c.IssuerUnitId == issuerUnitId && c.Year == year)
                .Select(c => (int?)c.LastSerial)
                .SingleOrDefaultAsync(ct);

            if (seen is null)
            {
                // First letter of the year: create the counter, starting after any letter already numbered
                // (imported or entered by hand); a concurrent creator wins harmlessly.
                await db.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "LetterNumberCounters" ("IssuerUnitId", "Year", "LastSerial")
                    SELECT {issuerUnitId}, {year}, COALESCE(MAX("Serial"), 0) FROM "Letters"
                    WHERE "IssuerUnitId" = {issuerUnitId} AND "Year" = {year}
                    ON CONFLICT DO NOTHING
                    """,
                    ct);
                continue;
            }

            var updated = await db.LetterNumberCounters
                .Where(c => c.IssuerUnitId == issuerUnitId && c.Year == year && c.LastSerial == seen)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSerial, c => c.LastSerial + 1), ct);
            if (updated == 1)
            {
                return seen.Value + 1;
            }
        }

        throw new InvalidOperationException($"Could not take a letter serial for issuer {issuerUnitId} and {year} after {MaxAttempts} attempts.");
    }
}
