using System.Buffers;
using System.Text;

namespace GuidanceBot.Data.Imports;

/// <summary>The encodings a CSV may be in: what Excel saves as "CSV UTF-8" and, on Chinese Windows, as "CSV" (GB18030, of which GBK and GB2312 are subsets).</summary>
public enum CsvEncoding
{
    Utf8,
    Gb18030,
}

/// <summary>
/// Decides a CSV's encoding from its bytes, before any of them is decoded: a UTF-8 BOM says UTF-8; bytes that
/// are all well-formed UTF-8 are UTF-8; anything else is read as GB18030, strictly, and refused if it does not
/// decode to plausible text (<see cref="IsImplausible"/>). Refused at once: a UTF-16/UTF-32 BOM, a NUL byte
/// (UTF-16 or UTF-32 without a BOM, or not text at all), and bytes that are mostly well-formed UTF-8 with some
/// that are not (a damaged or mixed file: read as GB18030 it would be garbled without a single invalid sequence).
/// Nothing is guessed silently: every file is either read in the one encoding its bytes allow or refused.
/// </summary>
public static class CsvEncodingDetector
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>GB18030 that throws on a byte sequence it cannot decode (the provider ships with .NET; no registration needed).</summary>
    public static readonly Encoding Gb18030 = CodePagesEncodingProvider.Instance.GetEncoding(54936, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
        ?? throw new InvalidOperationException("GB18030 (code page 54936) is not available.");

    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Reads <paramref name="stream"/> from its position to the end, counting its bytes against
    /// <see cref="ImportLimits.MaxCsvBytes"/> (the first byte over the limit stops reading), and decides. Returns
    /// the encoding and a seekable stream positioned at the first byte of text (after a BOM): the same stream when
    /// it can seek, else a copy of its bytes.
    /// </summary>
    public static (CsvEncoding Encoding, Stream Text) Detect(Stream stream, ImportLimits limits)
    {
        var text = stream;
        if (!stream.CanSeek)
        {
            text = new MemoryStream();
        }
        var start = stream.CanSeek ? stream.Position : 0;
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + 4);
        try
        {
            long total = 0;
            var carried = 0;
            var invalid = 0L;
            var wellFormedChinese = 0L;
            var first = true;
            var bom = false;
            int read;
            while ((read = stream.Read(buffer, carried, ChunkSize)) > 0)
            {
                total += read;
                if (total > limits.MaxCsvBytes)
                {
                    throw TableReadException.Reached(ImportLimit.FileSize, limits.MaxCsvBytes / 1024 / 1024, null);
                }
                if (!stream.CanSeek)
                {
                    text.Write(buffer, carried, read);
                }
                var span = buffer.AsSpan(0, carried + read);
                if (first)
                {
                    first = false;
                    if (span.StartsWith(Utf8Bom))
                    {
                        // A BOM is a statement, not a guess: UTF-8, and every byte must be.
                        start += Utf8Bom.Length;
                        bom = true;
                    }
                    else if (span.StartsWith(new byte[] { 0xFF, 0xFE }) || span.StartsWith(new byte[] { 0xFE, 0xFF }) || span.StartsWith(new byte[] { 0, 0, 0xFE, 0xFF }))
                    {
                        throw Refused();
                    }
                }
                carried = Scan(span, more: true, ref invalid, ref wellFormedChinese);
                span[^carried..].CopyTo(buffer);
            }
            if (carried > 0)
            {
                Scan(buffer.AsSpan(0, carried), more: false, ref invalid, ref wellFormedChinese);
            }
            if (invalid > 0 && (bom || wellFormedChinese >= invalid))
            {
                throw TableReadException.Unreadable("import.encoding_mixed");
            }
            text.Position = start;
            return (invalid == 0 ? CsvEncoding.Utf8 : CsvEncoding.Gb18030, text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static Encoding EncodingOf(CsvEncoding encoding) => encoding == CsvEncoding.Utf8 ? Utf8 : Gb18030;

    /// <summary>
    /// A character no text file holds, decoded from a file read as GB18030: its bytes were not GB18030 after all
    /// (controls other than tab and line breaks, C1 controls, DEL, or U+FFFD, the mark of text already garbled).
    /// </summary>
    public static bool IsImplausible(char c) =>
        c is (< ' ' and not ('\t' or '\n' or '\r')) or (>= '\u007F' and <= '\u009F') or '\uFFFD';

    /// <summary>The refusal that names the encodings accepted.</summary>
    public static TableReadException Refused() => TableReadException.Unreadable("import.encoding");

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// Walks the bytes as UTF-8, counting invalid sequences and well-formed Chinese characters; a NUL byte is refused.
    /// Returns how many bytes at the end are an incomplete sequence to carry into the next chunk.
    /// </summary>
    private static int Scan(ReadOnlySpan<byte> bytes, bool more, ref long invalid, ref long wellFormedChinese)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var b = bytes[i];
            if (b < 0x80)
            {
                if (b == 0)
                {
                    throw Refused();
                }
                i++;
                continue;
            }
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed);
            if (status == OperationStatus.NeedMoreData && more)
            {
                return bytes.Length - i;
            }
            if (status == OperationStatus.Done)
            {
                if (rune.Value is >= 0x3000 and <= 0x9FFF or >= 0xFF00 and <= 0xFFEF)
                {
                    wellFormedChinese++;
                }
            }
            else
            {
                invalid++;
            }
            i += Math.Max(consumed, 1);
        }
        return 0;
    }
}
