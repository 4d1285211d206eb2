using System.Globalization;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Imports;

namespace GuidanceBot.Data.Enterprises;

/// <summary>A problem of one row (spreadsheet numbering: the header is row 1).</summary>
public sealed record EnterpriseListError(int Row, string Field, string Message);

/// <summary>One good row of an enterprise list; <see cref="Planned"/> is null when the file has no such column.</summary>
public sealed record EnterpriseListRow(int Row, string Name, string CreditCode, string CategoryCode, EnterpriseTier Tier, bool? Planned);

/// <summary>What was read: the good rows, every problem by row, or a problem of the whole file.</summary>
public sealed record EnterpriseListResult(int TotalRows, IReadOnlyList<EnterpriseListRow> Rows, IReadOnlyList<EnterpriseListError> Errors, string? FileError)
{
    public int InvalidRows => Errors.Select(e => e.Row).Distinct().Count();
}

/// <summary>
/// Reads an enterprise list (CSV in UTF-8, or XLSX; both through <see cref="TableReader"/>), shared by the API's import
/// and the bot's plan upload: name, credit code (GB 32100 check digit), known category, key/general,
/// optionally planned (yes/no), and duplicates within the file. Checks against the database are the
/// caller's. Messages come from the caller's texts (<paramref name="text"/>: key and arguments), so the
/// API and the bot each speak their own resource files; the keys are listed on <see cref="Keys"/>.
/// </summary>
public static class EnterpriseList
{
    public static class Keys
    {
        public const string Unreadable = "upload.unreadable";
        public const string Empty = "import.empty";
        public const string TooManyRows = "import.too_many_rows";
        public const string MissingColumn = "import.missing_column";
        public const string Required = "field.required";
        public const string TooLong = "field.too_long";
        public const string UnknownCategory = "field.unknown_category";
        public const string DuplicateInFile = "import.duplicate_in_file";
        public const string BadTier = "import.bad_tier";
        public const string BadPlanned = "import.bad_planned";
    }

    private static readonly string[] NameColumns = ["name", "名称", "企业名称", "单位名称"];
    private static readonly string[] CodeColumns = ["creditCode", "credit code", "统一社会信用代码", "信用代码"];
    private static readonly string[] CategoryColumns = ["category", "categoryCode", "类别", "行业类别", "监管类别"];
    private static readonly string[] TierColumns = ["tier", "key/general", "重点/一般", "单位类型", "分级"];
    private static readonly string[] PlannedColumns = ["planned", "是否列入计划", "列入计划", "计划检查", "是否计划"];

    public static bool IsSupported(string fileName) => TableReader.FormatOf(fileName) is not null;

    /// <summary>
    /// Reads and checks the list. The file is read through <see cref="TableReader"/> with
    /// <paramref name="limits"/> (its row limit set from <paramref name="maxRows"/>): a limit reached, or a
    /// file that cannot be read, is a problem of the whole file.
    /// </summary>
    public static EnterpriseListResult Read(Stream stream, TableFormat format, IReadOnlyList<EnterpriseCategory> categories,
        CultureInfo culture, Func<string, object[], string> text, int maxRows, bool requirePlanned = false, ImportLimits? limits = null)
    {
        limits = (limits ?? new ImportLimits()) with { MaxRows = maxRows + 1 };
        try
        {
            return Check(TableReader.Read(stream, format, limits), categories, culture, text, requirePlanned);
        }
        catch (TableReadException e)
        {
            return Failed(e.Limit switch
            {
                ImportLimit.Rows => text(Keys.TooManyRows, [maxRows]),
                not null => e.Error(culture).Message,
                null => text(Keys.Unreadable, [e.Error(culture).Message]),
            });
        }
    }

    private static EnterpriseListResult Check(IEnumerable<TableRow> table, IReadOnlyList<EnterpriseCategory> categories,
        CultureInfo culture, Func<string, object[], string> text, bool requirePlanned)
    {
        using var rows = table.GetEnumerator();
        if (!rows.MoveNext())
        {
            return Failed(text(Keys.Empty, []));
        }
        var headers = rows.Current.Cells.Select(h => h.Trim()).ToList();
        int? Column(string[] names)
        {
            var i = headers.FindIndex(h => names.Any(n => string.Equals(h, n, StringComparison.OrdinalIgnoreCase)));
            return i < 0 ? null : i;
        }
        var nameCol = Column(NameColumns);
        var codeCol = Column(CodeColumns);
        var categoryCol = Column(CategoryColumns);
        var tierCol = Column(TierColumns);
        var plannedCol = Column(PlannedColumns);
        foreach (var (col, label) in new[] { (nameCol, "name"), (codeCol, "creditCode"), (categoryCol, "category"), (tierCol, "tier") })
        {
            if (col is null)
            {
                return Failed(text(Keys.MissingColumn, [label]));
            }
        }
        if (requirePlanned && plannedCol is null)
        {
            return Failed(text(Keys.MissingColumn, ["planned"]));
        }

        var errors = new List<EnterpriseListError>();
        var good = new List<EnterpriseListRow>();
        var firstRowOfCode = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        while (rows.MoveNext())
        {
            total++;
            var row = rows.Current;
            var rowNumber = row.Number;
            var before = errors.Count;
            string Cell(int col) => col < row.Cells.Count ? row.Cells[col].Trim() : "";

            if (row.Cells.Count > headers.Count)
            {
                // More cells than the header has columns: this row is wrong, not the file.
                errors.Add(new(rowNumber, "row", DomainError.Create("import.extra_cells", culture, "row", row.Cells.Count, headers.Count).Message));
            }
            var name = Cell(nameCol!.Value);
            if (TextRule.IsBlank(name))
            {
                errors.Add(new(rowNumber, "name", text(Keys.Required, ["name"])));
            }
            else if (name.Length > 200)
            {
                errors.Add(new(rowNumber, "name", text(Keys.TooLong, ["name", 200])));
            }
            else if (TextRule.Check(name, culture) is { } badText)
            {
                errors.Add(new(rowNumber, "name", badText.Message));
            }

            var check = CreditCode.Validate(Cell(codeCol!.Value));
            errors.AddRange(check.Errors(culture).Select(e => new EnterpriseListError(rowNumber, "creditCode", e.Message)));
            if (check.IsValid)
            {
                if (firstRowOfCode.TryGetValue(check.Normalized, out var first))
                {
                    errors.Add(new(rowNumber, "creditCode", text(Keys.DuplicateInFile, [first])));
                }
                else
                {
                    firstRowOfCode[check.Normalized] = rowNumber;
                }
            }

            var categoryText = Cell(categoryCol!.Value);
            var category = categories.FirstOrDefault(c => string.Equals(c.Code, categoryText, StringComparison.OrdinalIgnoreCase)
                || c.Name == categoryText || string.Equals(c.NameEn, categoryText, StringComparison.OrdinalIgnoreCase));
            if (category is null)
            {
                errors.Add(new(rowNumber, "category", categoryText.Length == 0 ? text(Keys.Required, ["category"]) : text(Keys.UnknownCategory, [categoryText])));
            }

            var tierText = Cell(tierCol!.Value);
            EnterpriseTier? tier = tierText.ToLowerInvariant() switch
            {
                "key" or "重点" or "重点单位" or "重点生产经营单位" => EnterpriseTier.Key,
                "general" or "一般" or "一般单位" or "一般生产经营单位" => EnterpriseTier.General,
                _ => null,
            };
            if (tier is null)
            {
                errors.Add(new(rowNumber, "tier", text(Keys.BadTier, [tierText])));
            }

            bool? planned = null;
            if (plannedCol is not null)
            {
                var plannedText = Cell(plannedCol.Value);
                planned = plannedText.ToLowerInvariant() switch
                {
                    "yes" or "y" or "true" or "1" or "是" or "列入" => true,
                    "no" or "n" or "false" or "0" or "否" or "不列入" => false,
                    _ => null,
                };
                if (planned is null && requirePlanned)
                {
                    errors.Add(new(rowNumber, "planned", text(Keys.BadPlanned, [plannedText])));
                }
            }

            if (errors.Count == before)
            {
                good.Add(new(rowNumber, name, check.Normalized, category!.Code, tier!.Value, planned));
            }
        }
        if (total == 0)
        {
            return Failed(text(Keys.Empty, []));
        }
        errors.Sort((a, b) => a.Row != b.Row ? a.Row.CompareTo(b.Row) : string.CompareOrdinal(a.Field, b.Field));
        return new(total, good, errors, null);
    }

    private static EnterpriseListResult Failed(string message) => new(0, [], [], message);
}
