using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace GuidanceBot.Data.Imports;

/// <summary>One row with content: its number as a spreadsheet shows it (1 = the first line) and its cells by column.</summary>
public sealed record TableRow(int Number, IReadOnlyList<string> Cells);

public enum TableFormat
{
    Csv,
    Xlsx,
}

/// <summary>
/// The one reader of uploaded tables (CSV in UTF-8, XLSX), for every door. It reads as a stream and counts
/// as it goes (<see cref="ImportLimits"/>): unpacked bytes of each part, characters of each cell, cells of a
/// row, rows, and all text kept; the first limit reached stops the reading with a
/// <see cref="TableReadException"/>, before anything larger than the limit is in memory. Blank rows are
/// skipped; trailing blank cells are dropped. Values are as typed (numbers as stored, booleans TRUE/FALSE).
/// </summary>
public static class TableReader
{
    public static TableFormat? FormatOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant() switch
    {
        ".csv" => TableFormat.Csv,
        ".xlsx" => TableFormat.Xlsx,
        _ => null,
    };

    /// <summary>The rows, read lazily: enumerate them (the limits are checked as each is read).</summary>
    public static IEnumerable<TableRow> Read(Stream stream, TableFormat format, ImportLimits limits) =>
        format == TableFormat.Csv ? ReadCsv(stream, limits) : ReadXlsx(stream, limits);

    // ---- CSV (RFC 4180: quoted fields may hold commas, quotes as "" and line breaks)

    private static IEnumerable<TableRow> ReadCsv(Stream stream, ImportLimits limits)
    {
        // Strict UTF-8: a file saved in GBK would otherwise store garbled names.
        using var reader = new StreamReader(stream, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var budget = new TextBudget(limits);
        var rows = 0;
        var number = 0;
        var cells = new List<string>();
        var cell = new StringBuilder();
        var atEnd = false;
        while (!atEnd)
        {
            number++;
            cells.Clear();
            var blank = true;
            while (true)
            {
                cell.Clear();
                var quoted = false;
                int c = Next(reader);
                if (c == '"')
                {
                    quoted = true;
                    while (true)
                    {
                        c = Next(reader);
                        if (c == -1)
                        {
                            throw TableReadException.Unreadable("import.csv_open_quote", number);
                        }
                        if (c == '"')
                        {
                            if (Peek(reader) == '"')
                            {
                                reader.Read();
                            }
                            else
                            {
                                c = Next(reader);
                                break;
                            }
                        }
                        Append(cell, (char)c, limits, number);
                    }
                }
                while (c is not (-1 or ',' or '\n' or '\r'))
                {
                    if (!quoted || !char.IsWhiteSpace((char)c))
                    {
                        Append(cell, (char)c, limits, number);
                    }
                    c = Next(reader);
                }
                blank &= AddCell(cells, cell, limits, budget, number);
                if (c == ',')
                {
                    continue;
                }
                if (c == '\r' && Peek(reader) == '\n')
                {
                    reader.Read();
                }
                atEnd = c == -1 || Peek(reader) == -1;
                break;
            }
            if (!blank)
            {
                if (++rows > limits.MaxRows)
                {
                    throw TableReadException.Reached(ImportLimit.Rows, limits.MaxRows, number);
                }
                yield return new TableRow(number, Trimmed(cells));
            }
        }
    }

    private static int Next(StreamReader reader)
    {
        try
        {
            return reader.Read();
        }
        catch (DecoderFallbackException)
        {
            throw TableReadException.Unreadable("import.not_utf8");
        }
    }

    private static int Peek(StreamReader reader)
    {
        try
        {
            return reader.Peek();
        }
        catch (DecoderFallbackException)
        {
            throw TableReadException.Unreadable("import.not_utf8");
        }
    }

    private static void Append(StringBuilder cell, char c, ImportLimits limits, int row)
    {
        if (cell.Length >= limits.MaxCellLength)
        {
            throw TableReadException.Reached(ImportLimit.CellLength, limits.MaxCellLength, row);
        }
        cell.Append(c);
    }

    /// <summary>Adds the cell (blank ones only as placeholders, so positions hold); true when it was blank.</summary>
    private static bool AddCell(List<string> cells, StringBuilder cell, ImportLimits limits, TextBudget budget, int row)
    {
        var blank = Blank(cell);
        if (!blank && cells.Count >= limits.MaxCells)
        {
            throw TableReadException.Reached(ImportLimit.Cells, limits.MaxCells, row);
        }
        if (cells.Count < limits.MaxCells)
        {
            budget.Take(blank ? 0 : cell.Length);
            cells.Add(blank ? "" : cell.ToString());
        }
        return blank;
    }

    private static bool Blank(StringBuilder cell)
    {
        for (var i = 0; i < cell.Length; i++)
        {
            if (!char.IsWhiteSpace(cell[i]))
            {
                return false;
            }
        }
        return true;
    }

    private static List<string> Trimmed(List<string> cells)
    {
        var n = cells.Count;
        while (n > 0 && cells[n - 1].Length == 0)
        {
            n--;
        }
        return cells.GetRange(0, n);
    }

    // ---- XLSX: the first worksheet, read with XmlReader from the package's parts

    private static IEnumerable<TableRow> ReadXlsx(Stream stream, ImportLimits limits)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException)
        {
            throw TableReadException.Unreadable("import.not_xlsx");
        }
        using (zip)
        {
            if (zip.Entries.Count > limits.MaxEntries)
            {
                throw TableReadException.Reached(ImportLimit.Entries, limits.MaxEntries, null);
            }
            var package = new Package(zip, limits);
            var workbookPath = package.Relations("", "_rels/.rels").FirstOrDefault(r => r.Type.EndsWith("/officeDocument", StringComparison.Ordinal)).Target
                ?? "xl/workbook.xml";
            var folder = workbookPath.Contains('/') ? workbookPath[..(workbookPath.LastIndexOf('/') + 1)] : "";
            var relations = package.Relations(folder, folder + "_rels/" + workbookPath[folder.Length..] + ".rels");
            var sheetId = package.FirstSheetRelation(workbookPath);
            var sheetPath = relations.FirstOrDefault(r => r.Id == sheetId).Target ?? folder + "worksheets/sheet1.xml";
            var sharedPath = relations.FirstOrDefault(r => r.Type.EndsWith("/sharedStrings", StringComparison.Ordinal)).Target;
            var budget = new TextBudget(limits);
            var shared = sharedPath is null ? [] : package.SharedStrings(sharedPath, budget);
            foreach (var row in package.Rows(sheetPath, shared, budget))
            {
                yield return row;
            }
        }
    }

    /// <summary>The parts of one XLSX, each opened through the shared unpacked-size budget.</summary>
    private sealed class Package(ZipArchive zip, ImportLimits limits)
    {
        private long unpacked;

        private XmlReader Open(string path)
        {
            var entry = zip.GetEntry(path) ?? zip.Entries.FirstOrDefault(e => string.Equals(e.FullName, path, StringComparison.OrdinalIgnoreCase))
                ?? throw TableReadException.Unreadable("import.bad_xlsx", path);
            if (entry.Length > limits.MaxUnpackedBytes - unpacked)
            {
                // The declared size already says too much; the counting stream below is what holds when it lies.
                throw TableReadException.Reached(ImportLimit.UnpackedSize, limits.MaxUnpackedBytes / 1024 / 1024, null);
            }
            Stream content;
            try
            {
                content = entry.Open();
            }
            catch (InvalidDataException)
            {
                throw TableReadException.Unreadable("import.bad_xlsx", path);
            }
            return XmlReader.Create(new CountingStream(content, this), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                IgnoreProcessingInstructions = true,
                CloseInput = true,
            });
        }

        public void Count(int bytes)
        {
            unpacked += bytes;
            if (unpacked > limits.MaxUnpackedBytes)
            {
                throw TableReadException.Reached(ImportLimit.UnpackedSize, limits.MaxUnpackedBytes / 1024 / 1024, null);
            }
        }

        public List<(string Id, string Type, string? Target)> Relations(string folder, string path)
        {
            var list = new List<(string, string, string?)>();
            if (zip.GetEntry(path) is null)
            {
                return list;
            }
            Guard(path, () =>
            {
                using var r = Open(path);
                while (r.Read())
                {
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "Relationship")
                    {
                        var target = r.GetAttribute("Target");
                        var mode = r.GetAttribute("TargetMode");
                        list.Add((r.GetAttribute("Id") ?? "", r.GetAttribute("Type") ?? "",
                            target is null || mode == "External" ? null : Resolve(folder, target)));
                    }
                }
            });
            return list;
        }

        public string? FirstSheetRelation(string workbookPath)
        {
            string? id = null;
            Guard(workbookPath, () =>
            {
                using var r = Open(workbookPath);
                while (id is null && r.Read())
                {
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "sheet")
                    {
                        for (var more = r.MoveToFirstAttribute(); more; more = r.MoveToNextAttribute())
                        {
                            if (r.LocalName == "id" && r.NamespaceURI.Length > 0)
                            {
                                id = r.Value;
                            }
                        }
                    }
                }
            });
            return id;
        }

        public List<string> SharedStrings(string path, TextBudget budget)
        {
            var list = new List<string>();
            Guard(path, () =>
            {
                using var r = Open(path);
                var text = new StringBuilder();
                while (r.Read())
                {
                    if (r.NodeType == XmlNodeType.Element && r.LocalName == "si")
                    {
                        text.Clear();
                        ReadRichText(r, text, limits, null);
                        budget.Take(text.Length);
                        list.Add(text.ToString());
                    }
                }
            });
            return list;
        }

        public IEnumerable<TableRow> Rows(string path, List<string> shared, TextBudget budget)
        {
            XmlReader r = null!;
            Guard(path, () => r = Open(path));
            using (r)
            {
                var rows = 0;
                var number = 0;
                var cells = new List<string>();
                var value = new StringBuilder();
                while (Step(r, path))
                {
                    if (r.NodeType != XmlNodeType.Element || r.LocalName != "row")
                    {
                        continue;
                    }
                    number = int.TryParse(r.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : number + 1;
                    cells.Clear();
                    if (!r.IsEmptyElement)
                    {
                        ReadRow(r, path, number, cells, value, shared, budget);
                    }
                    if (cells.Count > 0)
                    {
                        if (++rows > limits.MaxRows)
                        {
                            throw TableReadException.Reached(ImportLimit.Rows, limits.MaxRows, number);
                        }
                        yield return new TableRow(number, Trimmed(cells));
                    }
                }
            }
        }

        private void ReadRow(XmlReader r, string path, int number, List<string> cells, StringBuilder value, List<string> shared, TextBudget budget)
        {
            var depth = r.Depth;
            var column = -1;
            var filled = 0;
            while (Step(r, path) && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
            {
                if (r.NodeType != XmlNodeType.Element || r.LocalName != "c")
                {
                    continue;
                }
                column = ColumnOf(r.GetAttribute("r")) ?? column + 1;
                var type = r.GetAttribute("t");
                value.Clear();
                if (!r.IsEmptyElement)
                {
                    ReadCell(r, path, type, value, number);
                }
                var text = type == "s" ? Shared(value, shared) : type == "b" ? (value.ToString() == "1" ? "TRUE" : "FALSE") : value.ToString();
                if (string.IsNullOrWhiteSpace(text) || (type == "b" && value.Length == 0))
                {
                    continue;
                }
                if (++filled > limits.MaxCells || column >= limits.MaxCells)
                {
                    throw TableReadException.Reached(ImportLimit.Cells, limits.MaxCells, number);
                }
                while (cells.Count <= column)
                {
                    cells.Add("");
                }
                // A shared string's characters were counted once, with the table; its cells reuse it.
                budget.Take(type == "s" ? 0 : text.Length);
                cells[column] = text;
            }
        }

        /// <summary>The value of a cell: its <c>v</c>, or the runs of an inline string; formulas are not read.</summary>
        private void ReadCell(XmlReader r, string path, string? type, StringBuilder value, int row)
        {
            var depth = r.Depth;
            var advance = true;
            while (!advance || Step(r, path))
            {
                advance = true;
                if (r.NodeType == XmlNodeType.EndElement && r.Depth == depth)
                {
                    return;
                }
                if (r.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (r.LocalName == "v" && type != "inlineStr")
                {
                    Guard(path, () => ReadText(r, value, limits, row));
                }
                else if (r.LocalName == "is")
                {
                    Guard(path, () => ReadRichText(r, value, limits, row));
                }
                else
                {
                    // A formula and anything else: skipped unread (Skip leaves the reader on the next node).
                    Guard(path, r.Skip);
                    advance = false;
                }
            }
        }

        private string Shared(StringBuilder index, List<string> shared) =>
            int.TryParse(index.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < shared.Count
                ? shared[i]
                : throw TableReadException.Unreadable("import.bad_xlsx", "sharedStrings #" + index);

        private static bool Step(XmlReader r, string path)
        {
            var more = false;
            Guard(path, () => more = r.Read());
            return more;
        }

        /// <summary>Malformed XML or a damaged deflate stream: the file is not a readable XLSX.</summary>
        private static void Guard(string path, Action read)
        {
            try
            {
                read();
            }
            catch (XmlException e)
            {
                throw TableReadException.Unreadable("import.bad_xlsx", $"{path} ({e.LineNumber}:{e.LinePosition})");
            }
            catch (InvalidDataException)
            {
                throw TableReadException.Unreadable("import.bad_xlsx", path);
            }
        }

        private static string Resolve(string folder, string target)
        {
            var path = target.StartsWith('/') ? target[1..] : folder + target;
            var parts = new List<string>();
            foreach (var part in path.Split('/'))
            {
                if (part == "..")
                {
                    if (parts.Count > 0) parts.RemoveAt(parts.Count - 1);
                }
                else if (part is not ("." or ""))
                {
                    parts.Add(part);
                }
            }
            return string.Join('/', parts);
        }

        /// <summary><c>B7</c> → 1; null when absent or not a cell reference.</summary>
        private static int? ColumnOf(string? reference)
        {
            if (string.IsNullOrEmpty(reference))
            {
                return null;
            }
            var column = 0;
            var letters = 0;
            foreach (var c in reference)
            {
                if (c is >= 'A' and <= 'Z')
                {
                    if (++letters > 3) return null;
                    column = column * 26 + (c - 'A' + 1);
                }
                else
                {
                    break;
                }
            }
            return letters == 0 ? null : column - 1;
        }
    }

    /// <summary>The text runs of <c>si</c> or <c>is</c> (<c>t</c>, also inside <c>r</c>); phonetic runs are skipped.</summary>
    private static void ReadRichText(XmlReader r, StringBuilder text, ImportLimits limits, int? row)
    {
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        var advance = true;
        while (!advance || r.Read())
        {
            advance = true;
            if (r.NodeType == XmlNodeType.EndElement && r.Depth == depth)
            {
                return;
            }
            if (r.NodeType != XmlNodeType.Element)
            {
                continue;
            }
            if (r.LocalName == "t")
            {
                ReadText(r, text, limits, row);
            }
            else if (r.LocalName is "rPh" or "phoneticPr")
            {
                r.Skip();
                advance = false;
            }
        }
    }

    /// <summary>An element's text, in chunks: a text longer than a cell may be is never read whole.</summary>
    private static void ReadText(XmlReader r, StringBuilder text, ImportLimits limits, int? row)
    {
        if (r.IsEmptyElement)
        {
            return;
        }
        var depth = r.Depth;
        var chunk = Chunk ??= new char[1024];
        while (r.Read() && !(r.NodeType == XmlNodeType.EndElement && r.Depth == depth))
        {
            if (r.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
            {
                int n;
                while ((n = r.ReadValueChunk(chunk, 0, chunk.Length)) > 0)
                {
                    if (text.Length + n > limits.MaxCellLength)
                    {
                        throw TableReadException.Reached(ImportLimit.CellLength, limits.MaxCellLength, row);
                    }
                    text.Append(chunk, 0, n);
                }
            }
        }
    }

    [ThreadStatic]
    private static char[]? Chunk;

    /// <summary>All characters kept, across cells and shared strings.</summary>
    private sealed class TextBudget(ImportLimits limits)
    {
        private long used;

        public void Take(int length)
        {
            used += Math.Max(length, 16);
            if (used > limits.MaxTextChars)
            {
                throw TableReadException.Reached(ImportLimit.Text, limits.MaxTextChars, null);
            }
        }
    }

    /// <summary>Counts what is unpacked from a part against the package's budget as it is read.</summary>
    private sealed class CountingStream(Stream inner, Package package) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        private int Counted(int read)
        {
            package.Count(read);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
