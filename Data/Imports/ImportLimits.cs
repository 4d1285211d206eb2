using System.Globalization;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Imports;

/// <summary>
/// What an uploaded table may expand to, checked while it is read (<see cref="TableReader"/>): a small
/// file can unpack to gigabytes (a zip bomb) or hold one cell of millions of characters, so nothing is
/// read whole before it is counted. The defaults are far above a real enterprise list (20,000 rows of a
/// name, a credit code, a category, a tier and a yes/no unpack to a few MB).
/// </summary>
public sealed record ImportLimits
{
    /// <summary>Rows with content, the header included.</summary>
    public int MaxRows { get; init; } = 20_001;

    /// <summary>Cells with content in one row.</summary>
    public int MaxCells { get; init; } = 64;

    /// <summary>Characters in one cell (the longest field, an enterprise name, has 200).</summary>
    public int MaxCellLength { get; init; } = 1_000;

    /// <summary>Bytes unpacked from the parts of an XLSX that are read (workbook, relations, shared strings, the sheet).</summary>
    public long MaxUnpackedBytes { get; init; } = 32 * 1024 * 1024;

    /// <summary>Characters kept across every cell and shared string (each counts at least 16, for its bookkeeping).</summary>
    public long MaxTextChars { get; init; } = 8_000_000;

    /// <summary>Entries in the XLSX package (a real one has a dozen).</summary>
    public int MaxEntries { get; init; } = 1_000;
}

/// <summary>Which limit an import reached.</summary>
public enum ImportLimit
{
    Rows,
    Cells,
    CellLength,
    UnpackedSize,
    Text,
    Entries,
}

/// <summary>
/// A table that cannot be read: a limit reached while reading (<see cref="Limit"/>), or a file that is not
/// what its name says. <see cref="Error"/> is the localized reason; <see cref="Row"/> the row being read.
/// </summary>
public sealed class TableReadException : Exception
{
    private TableReadException(string code, ImportLimit? limit, int? row, object[] args)
        : base(code)
    {
        Code = code;
        Limit = limit;
        Row = row;
        Args = args;
    }

    public string Code { get; }
    public ImportLimit? Limit { get; }
    public int? Row { get; }
    public object[] Args { get; }

    public DomainError Error(CultureInfo? culture) => DomainError.Create(Code, culture, "file", Args);

    public static TableReadException Reached(ImportLimit limit, long value, int? row) => limit switch
    {
        ImportLimit.CellLength when row is { } r => new("import.limit.cell_in_row", limit, row, [r, value]),
        ImportLimit.Cells => new("import.limit.cells", limit, row, [row ?? 0, value]),
        _ => new($"import.limit.{limit.ToString().ToLowerInvariant()}", limit, row, [value]),
    };

    public static TableReadException Unreadable(string code, params object[] args) => new(code, null, null, args);
}
