using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Documents.Spreadsheet;
using GuidanceBot.Data.Imports;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Visits;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Years.YearFields;

namespace GuidanceBot.Data.Years;

/// <summary>
/// A check template as a document: the shape of <c>Seed/year-2022.json</c>'s <c>template</c>, of the API's JSON
/// import and export, and (one row per item) of the XLSX. Fields are as the client sent them; <see cref="CheckTemplates.Build"/> checks them.
/// </summary>
public sealed record TemplateDocument(string? Title, IReadOnlyList<TemplateAreaDocument?>? Areas);

public sealed record TemplateAreaDocument(int? Order, string? Title, string? TitleEn, IReadOnlyList<TemplateItemDocument?>? Items);

/// <param name="OnFile">Per material: the record the bureau already holds that counts as it (<see cref="MaterialSources"/>), or null.</param>
public sealed record TemplateItemDocument(string? Code, string? Title, string? TitleEn, string? Criteria, IReadOnlyList<string?>? Materials,
    IReadOnlyList<string?>? MaterialsEn = null, IReadOnlyList<string?>? OnFile = null, string? CityAssessment = null);

/// <summary>
/// The one place that reads, checks, writes and copies check templates, and finds a visit's or a year's check items.
/// A visit reads the version it is pinned to (<see cref="GuidanceVisit.CheckTemplateId"/>); a year, its setup's current version.
/// </summary>
public static partial class CheckTemplates
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [GeneratedRegex(@"^[0-9]{1,3}(\.[0-9]{1,3}){0,3}$")]
    private static partial Regex CodePattern();

    /// <summary>The items of one template version.</summary>
    public static IQueryable<CheckItem> ItemsOf(this GuidanceDbContext db, int? templateId) =>
        db.CheckItems.Where(i => i.Area!.CheckTemplateId == templateId);

    /// <summary>
    /// The items of the version a visit is pinned to; a visit not pinned yet (made before its year had a setup) reads its
    /// year's current version, and none while the year has no setup.
    /// </summary>
    public static IQueryable<CheckItem> ItemsOfVisit(this GuidanceDbContext db, int visitId) =>
        db.CheckItems.Where(i => db.Visits.Any(v => v.Id == visitId && (v.CheckTemplateId == i.Area!.CheckTemplateId
            || (v.CheckTemplateId == null && db.YearSetups.Any(s => s.Year == v.Year && s.CheckTemplateId == i.Area!.CheckTemplateId)))));

    /// <summary>The items of the year's current version (a letter drafted without a visit).</summary>
    public static IQueryable<CheckItem> ItemsOfYear(this GuidanceDbContext db, int year) =>
        db.CheckItems.Where(i => db.YearSetups.Any(s => s.Year == year && s.CheckTemplateId == i.Area!.CheckTemplateId));

    /// <summary>The year's current template version for a new visit; null when the year has no setup.</summary>
    public static Task<int?> CurrentTemplateIdAsync(this GuidanceDbContext db, int year, CancellationToken ct) =>
        db.YearSetups.Where(s => s.Year == year).Select(s => (int?)s.CheckTemplateId).FirstOrDefaultAsync(ct);

    /// <summary>A version is in use once a visit is pinned to it or a finding or letter names one of its items: then it is never changed in place.</summary>
    public static async Task<bool> IsUsedAsync(GuidanceDbContext db, int templateId, CancellationToken ct) =>
        await db.Visits.AnyAsync(v => v.CheckTemplateId == templateId, ct)
        || await db.Set<VisitFinding>().AnyAsync(f => f.CheckItem!.Area!.CheckTemplateId == templateId, ct)
        || await db.LetterProblems.AnyAsync(p => p.CheckItemId != null && db.CheckItems.Any(i => i.Id == p.CheckItemId && i.Area!.CheckTemplateId == templateId), ct);

    /// <summary>
    /// Checks a template document, naming each bad field (<c>areas[0].items[1].code</c>): titles, codes (digits and dots,
    /// one item per code), criteria, materials and their on-file sources. Null when anything was refused.
    /// </summary>
    public static CheckTemplate? Build(TemplateDocument? doc, int year, int revision, InputCheck check)
    {
        var title = check.Text(F.Title, doc?.Title, YearLimits.TitleMax);
        var areas = new List<CheckArea>();
        if (doc?.Areas is not { Count: > 0 } docAreas)
        {
            check.Add("setup.template_empty", F.Template);
            return null;
        }
        if (docAreas.Count > YearLimits.AreasMax)
        {
            check.Add("setup.too_many", F.Template, YearLimits.AreasMax);
            return null;
        }
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = 0;
        for (var a = 0; a < docAreas.Count; a++)
        {
            var da = docAreas[a];
            var area = new CheckArea
            {
                Order = a + 1,
                Title = check.Text(F.AreaTitle(a), da?.Title, YearLimits.TitleMax) ?? "",
                TitleEn = check.Text(F.AreaTitleEn(a), da?.TitleEn, YearLimits.TitleMax, required: false) ?? "",
            };
            if (da?.Items is not { Count: > 0 } items)
            {
                check.Add("setup.area_empty", F.Area(a));
                continue;
            }
            for (var i = 0; i < items.Count; i++)
            {
                if (++count > YearLimits.ItemsMax)
                {
                    check.Add("setup.too_many", F.Template, YearLimits.ItemsMax);
                    return null;
                }
                if (BuildItem(items[i], i + 1, check, (field) => F.Item(a, i, field)) is not { } item)
                {
                    continue;
                }
                if (codes.TryGetValue(item.Code, out var first))
                {
                    check.Add("setup.duplicate_code", F.Item(a, i, F.Code), item.Code, first);
                }
                else
                {
                    codes[item.Code] = F.Item(a, i, F.Code);
                }
                area.Items.Add(item);
            }
            areas.Add(area);
        }
        return check.IsValid ? new CheckTemplate { Year = year, Revision = revision, Title = title!, Areas = areas } : null;
    }

    /// <summary>One item, its fields named by <paramref name="field"/>; null when refused.</summary>
    public static CheckItem? BuildItem(TemplateItemDocument? doc, int order, InputCheck check, Func<string, string> field)
    {
        var before = check.Errors.Count;
        var code = check.Text(field(F.Code), doc?.Code, YearLimits.CodeMax);
        if (code is not null && !CodePattern().IsMatch(code))
        {
            check.Add("setup.code_format", field(F.Code), code);
        }
        var title = check.Text(field(F.Title), doc?.Title, YearLimits.TitleMax);
        var titleEn = check.Text(field(F.TitleEn), doc?.TitleEn, YearLimits.TitleMax, required: false);
        var criteria = check.Text(field(F.Criteria), doc?.Criteria, YearLimits.CriteriaMax, kind: TextKind.Paragraphs);
        var assessment = check.Text(field(F.CityAssessment), doc?.CityAssessment, YearLimits.TitleMax, required: false);
        var materials = List(doc?.Materials, field(F.Materials), check);
        var materialsEn = List(doc?.MaterialsEn, field(F.MaterialsEn), check);
        var onFile = (doc?.OnFile ?? []).Select(s => string.IsNullOrWhiteSpace(s) ? "" : s.Trim()).ToList();
        if (materialsEn.Count > materials.Count || onFile.Count > materials.Count)
        {
            check.Add("setup.materials_mismatch", field(F.MaterialsEn));
        }
        if (onFile.FirstOrDefault(s => s.Length > 0 && !MaterialSources.All.Contains(s)) is { } unknown)
        {
            check.Add("setup.on_file_unknown", field(F.Materials), unknown, string.Join(", ", MaterialSources.All.Order(StringComparer.Ordinal)));
        }
        if (check.Errors.Count > before)
        {
            return null;
        }
        return new CheckItem
        {
            Code = code!, Order = order, Title = title!, TitleEn = titleEn ?? "", Criteria = criteria!,
            Materials = materials, MaterialsEn = materialsEn, MaterialSources = onFile, CityAssessment = assessment,
        };
    }

    private static List<string> List(IReadOnlyList<string?>? values, string field, InputCheck check)
    {
        var list = new List<string>();
        if (values is null)
        {
            return list;
        }
        if (values.Count > YearLimits.MaterialsMax)
        {
            check.Add("setup.too_many", field, YearLimits.MaterialsMax);
            return list;
        }
        for (var n = 0; n < values.Count; n++)
        {
            list.Add(check.Text($"{field}[{n}]", values[n], YearLimits.MaterialMax) is { } text ? text : "");
        }
        return list;
    }

    /// <summary>The template as its document (the JSON export).</summary>
    public static TemplateDocument ToDocument(CheckTemplate t) => new(t.Title,
        [.. t.Areas.OrderBy(a => a.Order).Select(a => new TemplateAreaDocument(a.Order, a.Title, a.TitleEn,
            [.. a.Items.OrderBy(i => i.Order).Select(i => new TemplateItemDocument(i.Code, i.Title, i.TitleEn, i.Criteria, i.Materials,
                i.MaterialsEn, i.MaterialSources.Any(s => s.Length > 0) ? [.. i.MaterialSources.Select(s => s.Length == 0 ? null : s)] : null, i.CityAssessment))]))]);

    /// <summary>A copy of every area and item, for another year or the next version of the same year.</summary>
    public static CheckTemplate Copy(CheckTemplate t, int year, int revision, string? title = null) => new()
    {
        Year = year,
        Revision = revision,
        Title = title ?? t.Title,
        Areas = [.. t.Areas.OrderBy(a => a.Order).Select(a => new CheckArea
        {
            Order = a.Order, Title = a.Title, TitleEn = a.TitleEn,
            Items = [.. a.Items.OrderBy(i => i.Order).Select(i => new CheckItem
            {
                Code = i.Code, Order = i.Order, Title = i.Title, TitleEn = i.TitleEn, Criteria = i.Criteria, CityAssessment = i.CityAssessment,
                Materials = [.. i.Materials], MaterialsEn = [.. i.MaterialsEn], MaterialSources = [.. i.MaterialSources],
            })],
        })],
    };

    public static byte[] WriteJson(CheckTemplate t) => JsonSerializer.SerializeToUtf8Bytes(ToDocument(t), Json);

    /// <summary>Reads a JSON template; null with the reason when it is not one.</summary>
    public static TemplateDocument? ReadJson(Stream stream, CultureInfo? culture, out DomainError? error)
    {
        error = null;
        try
        {
            var doc = JsonSerializer.Deserialize<TemplateDocument>(stream, Json);
            if (doc is null)
            {
                error = DomainError.Create("setup.file_unreadable", culture, F.File);
            }
            return doc;
        }
        catch (JsonException)
        {
            error = DomainError.Create("setup.file_unreadable", culture, F.File);
            return null;
        }
    }

    /// <summary>
    /// The XLSX columns, one row per check item; an area is named on each of its rows and the rows of one area
    /// keep their order. Materials, their English names and on-file sources are one per line within the cell.
    /// </summary>
    private static readonly string[] Columns = ["area", "areaEn", "code", "title", "titleEn", "criteria", "materials", "materialsEn", "onFile", "cityAssessment"];

    public static DocumentFile WriteXlsx(CheckTemplate t, int year, CultureInfo culture, DateTime createdUtc)
    {
        var sheet = new SheetWriter(DomainText.Get("setup.xlsx.sheet", culture));
        sheet.Widths(24, 24, 8, 30, 30, 60, 36, 36, 20, 20);
        sheet.Header([.. Columns.Select(c => DomainText.Get("setup.xlsx." + c, culture))]);
        foreach (var area in t.Areas.OrderBy(a => a.Order))
        {
            foreach (var i in area.Items.OrderBy(i => i.Order))
            {
                sheet.Row((area.Title, CellStyle.Text), (area.TitleEn, CellStyle.Text), (i.Code, CellStyle.TextFormat), (i.Title, CellStyle.Text),
                    (i.TitleEn, CellStyle.Text), (i.Criteria, CellStyle.Text), (string.Join('\n', i.Materials), CellStyle.Text),
                    (string.Join('\n', i.MaterialsEn), CellStyle.Text), (string.Join('\n', i.MaterialSources), CellStyle.Text), (i.CityAssessment, CellStyle.Text));
            }
        }
        sheet.FreezeAboveAndFilter(Columns.Length, 2);
        using var output = new MemoryStream();
        SheetWriter.SaveWorkbook(output, t.Title, createdUtc, sheet);
        return new DocumentFile(DomainText.Get("setup.xlsx.file_name", culture, year) + ".xlsx", DocumentFile.Xlsx, output.ToArray());
    }

    /// <summary>Reads an XLSX made like <see cref="WriteXlsx"/> (headers in either language); the title is kept from <paramref name="title"/>.</summary>
    public static TemplateDocument? ReadXlsx(Stream stream, string? title, CultureInfo? culture, out DomainError? error)
    {
        error = null;
        var limits = new ImportLimits { MaxRows = YearLimits.ItemsMax + 1, MaxCells = Columns.Length, MaxCellLength = YearLimits.CriteriaMax };
        try
        {
            using var rows = TableReader.Read(stream, TableFormat.Xlsx, limits).GetEnumerator();
            if (!rows.MoveNext())
            {
                error = DomainError.Create("setup.file_unreadable", culture, F.File);
                return null;
            }
            var headers = rows.Current.Cells.Select(h => h.Trim()).ToList();
            var index = Columns.ToDictionary(c => c, c => headers.FindIndex(h =>
                h == DomainText.Get("setup.xlsx." + c, DomainText.Chinese) || h == DomainText.Get("setup.xlsx." + c, DomainText.English)));
            if (index.Where(p => p.Key is "area" or "code" or "title" or "criteria").FirstOrDefault(p => p.Value < 0) is { Key: { } missing })
            {
                error = DomainError.Create("setup.xlsx_column_missing", culture, F.File, DomainText.Get("setup.xlsx." + missing, culture));
                return null;
            }
            string? Cell(TableRow row, string column) => index[column] is >= 0 and var n && n < row.Cells.Count && row.Cells[n].Trim() is { Length: > 0 } v ? v : null;
            IReadOnlyList<string?>? Lines(TableRow row, string column) =>
                Cell(row, column) is { } v ? [.. v.Split('\n').Select(s => s.Trim()).Select(s => s.Length == 0 ? null : s)] : null;

            var areas = new List<(string? Title, string? TitleEn, List<TemplateItemDocument?> Items)>();
            while (rows.MoveNext())
            {
                var row = rows.Current;
                var area = Cell(row, "area");
                if (areas.Count == 0 || areas[^1].Title != area)
                {
                    areas.Add((area, Cell(row, "areaEn"), []));
                }
                areas[^1].Items.Add(new TemplateItemDocument(Cell(row, "code"), Cell(row, "title"), Cell(row, "titleEn"), Cell(row, "criteria"),
                    Lines(row, "materials"), Lines(row, "materialsEn"), Lines(row, "onFile"), Cell(row, "cityAssessment")));
            }
            return new TemplateDocument(title, [.. areas.Select((a, n) => new TemplateAreaDocument(n + 1, a.Title, a.TitleEn, a.Items))]);
        }
        catch (TableReadException e)
        {
            error = e.Error(culture) with { Field = F.File };
            return null;
        }
    }
}
