using System.Text.Json;
using System.Text.Json.Serialization;
using GuidanceBot.Data.Enterprises;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Seed;

/// <summary>
/// Creates and migrates the database, then seeds it from the data files. Idempotent: rows are matched
/// by their natural key (unit code, category code, template year), so a second start changes nothing.
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
        changes += await SeedTemplatesAsync(ct);
        // The shipped calendars become rows (a year the admin entered is kept), then the working days are read from the rows.
        changes += await Calendars.CalendarStore.SeedAsync(db, CalendarFolder(storage.Value), logger, ct);
        if (calendars is not null)
        {
            await calendars.ReloadAsync(db, ct);
        }
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

    private async Task<int> SeedTemplatesAsync(CancellationToken ct)
    {
        var years = await db.CheckTemplates.Select(t => t.Year).ToListAsync(ct);
        foreach (var path in Directory.EnumerateFiles(ShippedSeedFolder, "check-template-*.json"))
        {
            var seed = Read<TemplateFile>(path);
            if (years.Contains(seed.Year))
            {
                continue; // a template in use is edited through the API, not overwritten by a restart
            }

            db.CheckTemplates.Add(new CheckTemplate
            {
                Year = seed.Year,
                Title = seed.Title,
                Areas = seed.Areas.Select(a => new CheckArea
                {
                    Order = a.Order,
                    Title = a.Title,
                    TitleEn = a.TitleEn,
                    Items = a.Items.Select((i, n) => new CheckItem
                    {
                        Code = i.Code,
                        Order = n + 1,
                        Title = i.Title,
                        TitleEn = i.TitleEn,
                        Criteria = i.Criteria,
                        Materials = i.Materials ?? [],
                        MaterialsEn = i.MaterialsEn ?? [],
                        MaterialSources = (i.OnFile ?? []).Select(x => x ?? "").ToList(),
                        CityAssessment = i.CityAssessment,
                    }).ToList(),
                }).ToList(),
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
    private sealed record TemplateFile(int Year, string Title, List<AreaSeed> Areas);
    private sealed record AreaSeed(int Order, string Title, string TitleEn, List<ItemSeed> Items);
    private sealed record ItemSeed(string Code, string Title, string TitleEn, string Criteria, List<string>? Materials, string? CityAssessment,
        List<string>? MaterialsEn = null, List<string?>? OnFile = null);
}
