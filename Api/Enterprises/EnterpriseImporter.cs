using GuidanceBot.Api.Auth;
using GuidanceBot.Api.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Rules;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;

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
/// Reads an enterprise list (CSV in UTF-8, or XLSX; both through MiniExcel) and checks every row: name,
/// credit code (GB 32100), known category, key/general, duplicates in the file and in the database.
/// All or nothing by default; with <c>importValidRows</c> the good rows are written and the bad reported.
/// </summary>
public sealed class EnterpriseImporter(GuidanceDbContext db, TimeProvider time)
{
    public const int MaxRows = 20_000;

    private static readonly string[] NameColumns = ["name", "名称", "企业名称", "单位名称"];
    private static readonly string[] CodeColumns = ["creditCode", "统一社会信用代码", "信用代码"];
    private static readonly string[] CategoryColumns = ["category", "categoryCode", "类别", "行业类别", "监管类别"];
    private static readonly string[] TierColumns = ["tier", "重点/一般", "单位类型", "分级"];

    public static bool IsSupported(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() is ".csv" or ".xlsx";

    public async Task<ImportReport> ImportAsync(IFormFile file, int unitId, bool importValidRows, Caller caller, CancellationToken ct)
    {
        List<IDictionary<string, object?>> rows;
        try
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            var type = Path.GetExtension(file.FileName).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ExcelType.CSV : ExcelType.XLSX;
            rows = [.. buffer.Query(useHeaderRow: true, excelType: type).Take(MaxRows + 1).Cast<IDictionary<string, object?>>()];
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failed(ApiText.Get("upload.unreadable", e.Message));
        }
        if (rows.Count == 0)
        {
            return Failed(ApiText.Get("import.empty"));
        }
        if (rows.Count > MaxRows)
        {
            return Failed(ApiText.Get("field.range", "rows", 1, MaxRows));
        }

        var headers = rows[0].Keys.ToList();
        string? Column(string[] names, string label)
        {
            var found = headers.FirstOrDefault(h => names.Any(n => string.Equals(h.Trim(), n, StringComparison.OrdinalIgnoreCase)));
            return found;
        }
        var nameCol = Column(NameColumns, "name");
        var codeCol = Column(CodeColumns, "creditCode");
        var categoryCol = Column(CategoryColumns, "category");
        var tierCol = Column(TierColumns, "tier");
        foreach (var (col, label) in new[] { (nameCol, "name"), (codeCol, "creditCode"), (categoryCol, "category"), (tierCol, "tier") })
        {
            if (col is null)
            {
                return Failed(ApiText.Get("import.missing_column", label));
            }
        }

        var categories = await db.EnterpriseCategories.AsNoTracking().ToListAsync(ct);
        var errors = new List<ImportRowError>();
        var parsed = new List<(int Row, Enterprise Enterprise)>();
        var firstRowOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var culture = ApiText.Culture;

        for (var i = 0; i < rows.Count; i++)
        {
            var rowNumber = i + 2;
            var row = rows[i];
            var before = errors.Count;
            string Text(string col) => Convert.ToString(row.TryGetValue(col, out var v) ? v : null, System.Globalization.CultureInfo.InvariantCulture)?.Trim() ?? "";

            var name = Text(nameCol!);
            if (name.Length == 0)
            {
                errors.Add(new(rowNumber, "name", ApiText.Get("field.required", "name")));
            }
            else if (name.Length > 200)
            {
                errors.Add(new(rowNumber, "name", ApiText.Get("field.too_long", "name", 200)));
            }

            var check = CreditCode.Validate(Text(codeCol!));
            errors.AddRange(check.Errors(culture).Select(e => new ImportRowError(rowNumber, "creditCode", e.Message)));
            if (check.IsValid)
            {
                if (firstRowOfCode.TryGetValue(check.Normalized, out var first))
                {
                    errors.Add(new(rowNumber, "creditCode", ApiText.Get("import.duplicate_in_file", first)));
                }
                else
                {
                    firstRowOfCode[check.Normalized] = rowNumber;
                }
            }

            var categoryText = Text(categoryCol!);
            var category = categories.FirstOrDefault(c => string.Equals(c.Code, categoryText, StringComparison.OrdinalIgnoreCase)
                || c.Name == categoryText || string.Equals(c.NameEn, categoryText, StringComparison.OrdinalIgnoreCase));
            if (category is null)
            {
                errors.Add(new(rowNumber, "category", categoryText.Length == 0 ? ApiText.Get("field.required", "category") : ApiText.Get("field.unknown_category", categoryText)));
            }

            var tierText = Text(tierCol!);
            EnterpriseTier? tier = tierText.ToLowerInvariant() switch
            {
                "key" or "重点" or "重点单位" or "重点生产经营单位" => EnterpriseTier.Key,
                "general" or "一般" or "一般单位" or "一般生产经营单位" => EnterpriseTier.General,
                _ => null,
            };
            if (tier is null)
            {
                errors.Add(new(rowNumber, "tier", ApiText.Get("import.bad_tier", tierText)));
            }

            if (errors.Count == before)
            {
                parsed.Add((rowNumber, new Enterprise { UnitId = unitId, Name = name, CreditCode = check.Normalized, CategoryCode = category!.Code, Tier = tier!.Value }));
            }
        }

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
        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Field, b.Field));
        var imported = 0;
        if (good.Count > 0 && (invalidRows == 0 || importValidRows))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Enterprises.AddRange(good);
            db.AuditLog.Add(AuditTrail.Entry(caller, time, "enterprise.import", nameof(Enterprise), 0, unitId,
                details: $"{file.FileName}: {good.Count} imported, {invalidRows} rows rejected"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            imported = good.Count;
            db.ChangeTracker.Clear();
        }
        return new ImportReport(rows.Count, rows.Count - invalidRows, invalidRows, imported, errors);
    }

    private static ImportReport Failed(string message) => new(0, 0, 0, 0, []) { FileError = message };
}
