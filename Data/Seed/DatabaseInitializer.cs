using System.Text.Json;
using System.Text.Json.Serialization;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Years;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Seed;

/// <summary>
/// Creates and migrates the database, then seeds it from the data files. Idempotent: rows are matched
/// by their natural key (unit code, category code, setup year), so a second start changes nothing.
/// </summary>
public sealed class DatabaseInitializer(
    GuidanceDbContext db,
    IOptions<StorageOptions> storage,
    ILogger<DatabaseInitializer> logger,
    Calendars.CalendarStore? calendars = null)
{
    internal static readonly JsonSerializerOptions SeedJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string ShippedSeedFolder => Path.Combine(AppContext.BaseDirectory, "Seed");

    /// <summary>The folder of calendar files seeded at start: <c>Storage:CalendarFolder</c>, else the shipped one.</summary>
    public static string CalendarFolder(StorageOptions storage) => storage.CalendarFolder ?? Path.Combine(ShippedSeedFolder, "calendars");

    public async Task InitializeAsync(CancellationToken ct = default)
    {
        var dataFolder = storage.Value.DataFolder;
        if (!string.IsNullOrEmpty(dataFolder))
        {
            Directory.CreateDirectory(dataFolder);
        }

        // Migrate also compares the model with the last migration's snapshot, building a second model: a tenth of a
        // cold start. That guard is for a developer who forgot a migration (every test starts on a fresh database and
        // still runs it); a database that has every migration needs nothing from it.
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await db.Database.MigrateAsync(ct);
        }
        if (db.Database.IsSqlite())
        {
            // WAL lets readers go on while one writer writes; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        var changes = 0;
        changes += await SeedCategoriesAsync(ct);
        changes += await SeedUnitsAsync(ct);
        // The shipped calendars become rows (a year the admin entered is kept), then the working days are read from the rows.
        changes += await Calendars.CalendarStore.SeedAsync(db, CalendarFolder(storage.Value), logger, ct);
        if (calendars is not null)
        {
            await calendars.ReloadAsync(db, ct);
        }
        changes += await SeedYearsAsync(ct);
        logger.LogInformation("Database ready; seeding changed {Changes} rows", changes);
    }

    private async Task<int> SeedCategoriesAsync(CancellationToken ct)
    {
        var file = Read<CategoriesFile>(Path.Combine(ShippedSeedFolder, "categories.json"));
        var existing = await db.EnterpriseCategories.ToDictionaryAsync(c => c.Code, ct);
        foreach (var c in file.Categories)
        {
            if (!existing.ContainsKey(c.Code))
            {
                db.EnterpriseCategories.Add(new EnterpriseCategory { Code = c.Code, Name = c.Name, NameEn = c.NameEn, SortOrder = c.SortOrder });
            }
        }
        return await db.SaveChangesAsync(ct);
    }

    private async Task<int> SeedUnitsAsync(CancellationToken ct)
    {
        var file = Read<UnitsFile>(storage.Value.UnitsFile ?? Path.Combine(ShippedSeedFolder, "units.json"));
        var existing = await db.Units.ToDictionaryAsync(u => u.Code, ct);

        // Parents first, so a child's parent code resolves to an id.
        foreach (var seed in file.Units.OrderBy(u => u.Level))
        {
            if (!existing.TryGetValue(seed.Code, out var unit))
            {
                unit = new OrgUnit { Code = seed.Code, Name = seed.Name, ShortName = seed.ShortName };
                db.Units.Add(unit);
                existing[seed.Code] = unit;
            }

            unit.Name = seed.Name;
            unit.ShortName = seed.ShortName;
            unit.NameEn = seed.NameEn;
            unit.Level = seed.Level;
            unit.SortOrder = seed.SortOrder;
            unit.Parent = seed.Parent is null ? null : existing[seed.Parent];
        }
        return await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Each <c>year-*.json</c> whose year has no setup yet: the setup, published, and its template — or, in a database made
    /// before setups existed, the template it already holds for that year (its visits were pinned to it by the migration).
    /// A year that has a setup is the city admin's: a restart never overwrites it.
    /// </summary>
    private async Task<int> SeedYearsAsync(CancellationToken ct)
    {
        var years = await db.YearSetups.Select(s => s.Year).ToListAsync(ct);
        foreach (var path in Directory.EnumerateFiles(ShippedSeedFolder, "year-*.json").Order(StringComparer.Ordinal))
        {
            var seed = Read<YearFile>(path);
            if (years.Contains(seed.Year))
            {
                continue;
            }

            var template = await db.CheckTemplates.Where(t => t.Year == seed.Year).OrderByDescending(t => t.Revision).FirstOrDefaultAsync(ct);
            if (template is null)
            {
                var check = new InputCheck(DomainText.English);
                template = CheckTemplates.Build(seed.Template, seed.Year, 1, check)
                    ?? throw new InvalidDataException($"Seed file {path}: {string.Join("; ", check.Errors.Select(e => $"{e.Field}: {e.Message}"))}");
            }
            var units = await db.Units.Where(u => u.IsActive && u.Level == UnitLevel.County).OrderBy(u => u.SortOrder).Select(u => u.Id).ToListAsync(ct);
            db.YearSetups.Add(new YearSetup
            {
                Year = seed.Year, Status = YearSetupStatus.Published, Template = template, UnitIds = units,
                PlanFilingDue = seed.PlanFilingDue, ApprovalFilingDue = seed.ApprovalFilingDue, PublicationDue = seed.PublicationDue, VisitsDoneBy = seed.VisitsDoneBy,
                ProgressWorkingDay = seed.ProgressWorkingDay, LetterDueWorkingDays = seed.LetterDueWorkingDays, RectificationWorkingDays = seed.RectificationWorkingDays,
            });
        }
        return await db.SaveChangesAsync(ct);
    }

    internal static T Read<T>(string path) =>
        JsonSerializer.Deserialize<T>(File.ReadAllText(path), SeedJson)
        ?? throw new InvalidDataException($"Seed file {path} is empty.");

    private sealed record CategoriesFile(List<CategorySeed> Categories);
    private sealed record CategorySeed(string Code, string Name, string NameEn, int SortOrder);
    private sealed record UnitsFile(List<UnitSeed> Units);
    private sealed record UnitSeed(string Code, string Name, string ShortName, string? NameEn, UnitLevel Level, string? Parent, int SortOrder);
    private sealed record YearFile(int Year, DateOnly? PlanFilingDue, DateOnly? ApprovalFilingDue, DateOnly? PublicationDue, DateOnly? VisitsDoneBy,
        int ProgressWorkingDay, int LetterDueWorkingDays, int RectificationWorkingDays, TemplateDocument Template);
}
