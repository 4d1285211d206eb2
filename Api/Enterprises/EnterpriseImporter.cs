using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Api.Enterprises;

public sealed record ImportRowError(int Row, string Field, string Message);

/// <summary>
/// What an import did: rows read, how many were valid, how many were written, and every problem by row
/// (row numbers as a spreadsheet shows them: the header is row 1).
/// </summary>
public sealed record ImportReport(int TotalRows, int ValidRows, int InvalidRows, int Imported, IReadOnlyList<ImportRowError> Errors)
{
    internal string? FileError { get; init; }
}

/// <summary>
/// Reads an enterprise list (CSV in UTF-8 or GB18030/GBK, or XLSX; through the guarded <see cref="TableReader"/>) and checks every row: name,
/// credit code (GB 32100), known category, key/general, duplicates in the file and in the database.
/// All or nothing by default; with <c>importValidRows</c> the good rows are written and the bad reported.
/// </summary>
public sealed class EnterpriseImporter(GuidanceDbContext db, TimeProvider time)
{
    public const int MaxRows = EnterpriseList.MaxImportRows;

    public static bool IsSupported(string fileName) => EnterpriseList.IsSupported(fileName);

    public async Task<ImportReport> ImportAsync(IFormFile file, int unitId, bool importValidRows, Caller caller, CancellationToken ct)
    {
        var categories = await db.EnterpriseCategories.AsNoTracking().ToListAsync(ct);
        EnterpriseListResult list;
        using (var buffer = new MemoryStream())
        {
            await file.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            list = EnterpriseList.Read(buffer, TableReader.FormatOf(file.FileName)!.Value, categories, ApiText.Culture, Text, MaxRows);
        }
        if (list.FileError is not null)
        {
            return Failed(list.FileError);
        }
        var errors = list.Errors.Select(e => new ImportRowError(e.Row, e.Field, e.Message)).ToList();
        var parsed = list.Rows.Select(r => (r.Row, Enterprise: new Enterprise { UnitId = unitId, Name = r.Name, CreditCode = r.CreditCode, CategoryCode = r.CategoryCode, Tier = r.Tier })).ToList();

        // Against the database, in chunks (SQLite's parameter limit).
        var codes = parsed.Select(p => p.Enterprise.CreditCode).ToList();
        var existing = new Dictionary<string, (string Name, int UnitId)>(StringComparer.Ordinal);
        foreach (var chunk in codes.Chunk(500))
        {
            foreach (var e in await db.Enterprises.AsNoTracking().Where(e => chunk.Contains(e.CreditCode))
                         .Select(e => new { e.CreditCode, e.Name, e.UnitId }).ToListAsync(ct))
            {
                existing[e.CreditCode] = (e.Name, e.UnitId);
            }
        }
        var good = new List<Enterprise>();
        foreach (var (row, e) in parsed)
        {
            if (existing.TryGetValue(e.CreditCode, out var other))
            {
                // Another unit's enterprise is not named to a county liaison.
                var shown = caller.CanSee(other.UnitId) ? other.Name : "—";
                errors.Add(new(row, "creditCode", ApiText.Get("import.duplicate_in_db", e.CreditCode, shown)));
            }
            else
            {
                good.Add(e);
            }
        }

        var invalidRows = errors.Select(e => e.Row).Distinct().Count();
        var totalRows = list.TotalRows;
        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Field, b.Field));
        var imported = 0;
        if (good.Count > 0 && (invalidRows == 0 || importValidRows))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Enterprises.AddRange(good);
            db.AuditLog.Add(AuditEntries.For(caller.ToActor(), "enterprise.import", nameof(Enterprise), 0, unitId, time.GetUtcNow().UtcDateTime,
                details: $"{file.FileName}: {good.Count} imported, {invalidRows} rows rejected"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            imported = good.Count;
            db.ChangeTracker.Clear();
        }
        return new ImportReport(totalRows, totalRows - invalidRows, invalidRows, imported, errors);
    }

    /// <summary>The shared reader's messages, in the API's texts (the row limit as the API words a range).</summary>
    private static string Text(string key, object[] args) => key == EnterpriseList.Keys.TooManyRows
        ? ApiText.Get("field.range", "rows", 1, MaxRows)
        : ApiText.Get(key, args);

    private static ImportReport Failed(string message) => new(0, 0, 0, 0, []) { FileError = message };
}
