using System.Globalization;
using System.IO.Compression;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Files;

/// <summary>A kind of evidence file as its bytes show it: the extension it is filed under and its media type.</summary>
public sealed record EvidenceKind(string Extension, string ContentType);

/// <summary>The kinds one use accepts, the refusal's message code and the list a user reads in it.</summary>
public sealed record EvidenceKinds(IReadOnlyList<EvidenceKind> Kinds, string RefusalCode, string Accepted);

/// <summary>
/// What an evidence file (整改佐证) or a team's document or image (文书、影像资料) may be, checked on its bytes, not its
/// name: a photo (JPEG, PNG, HEIC from a phone), a scan or document (PDF, DOCX), at most <see cref="MaxBytes"/>. Both doors
/// and both uses store through <see cref="SaveAsync"/>, so the rule lives here once: the limit is enforced while the bytes
/// are written, the type read from the first bytes written, and a refused file leaves nothing behind.
/// </summary>
public sealed class EvidenceFiles(FileStore store)
{
    public const long MaxBytes = 20 * 1024 * 1024;

    public static readonly EvidenceKind Jpeg = new("jpg", "image/jpeg");
    public static readonly EvidenceKind Png = new("png", "image/png");
    public static readonly EvidenceKind Heic = new("heic", "image/heic");
    public static readonly EvidenceKind Pdf = new("pdf", "application/pdf");
    public static readonly EvidenceKind Docx = new("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    /// <summary>The kinds accepted, as a user reads them in a refusal.</summary>
    public const string Accepted = "JPG, PNG, HEIC, PDF, DOCX";

    /// <summary>Every kind evidence may be (rectification evidence, the team's documents and images).</summary>
    public static readonly EvidenceKinds AnyEvidence = new([Jpeg, Png, Heic, Pdf, Docx], "evidence.file_type", Accepted);

    /// <summary>Photos only (a follow-up record's, 全过程跟踪): the images a camera or phone takes, by content as every kept image.</summary>
    public static readonly EvidenceKinds Photos = new([Jpeg, Png, Heic], "followup.photo_type", "JPG, PNG, HEIC");

    /// <summary>
    /// The kind the bytes are, or null. A DOCX is a ZIP holding <c>word/document.xml</c>: any other ZIP (an XLSX, an
    /// archive) is refused. <paramref name="open"/> gives the whole file for that look inside.
    /// </summary>
    public static EvidenceKind? Sniff(ReadOnlySpan<byte> head, Func<Stream>? open = null)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        // ISO base media: a box size, "ftyp", then the major brand. HEIF stills from phones use these brands.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8)
            && System.Text.Encoding.ASCII.GetString(head[8..12]) is "heic" or "heix" or "heim" or "heis" or "mif1" or "msf1" or "hevc")
        {
            return Heic;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04]) && open is not null && IsWordDocument(open))
        {
            return Docx;
        }
        return null;
    }

    private static bool IsWordDocument(Func<Stream> open)
    {
        try
        {
            using var stream = open();
            using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
            return zip.GetEntry("word/document.xml") is not null && zip.GetEntry("[Content_Types].xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The refusal of a file too large for evidence (the same text the store's check gives).</summary>
    public static DomainError TooLarge(string fileName, CultureInfo culture, string field = "file") =>
        DomainError.Create("evidence.file_too_large", culture, field, fileName, MaxBytes / 1024 / 1024);

    /// <summary>
    /// Stores the bytes (at most <see cref="MaxBytes"/>, counted while written) and checks what they are. On success the row
    /// to add (not added; its <see cref="StoredFile.ContentType"/> is the type the bytes showed, its name ends in the right
    /// extension); on a refusal the bytes are gone again and the error names <paramref name="field"/>. <paramref name="kinds"/> narrows
    /// what is kept (default: <see cref="AnyEvidence"/>).
    /// </summary>
    public async Task<(StoredFile? File, DomainError? Error)> SaveAsync(Stream content, string fileName, int unitId, int? personId,
        CultureInfo culture, string field = "file", CancellationToken ct = default, EvidenceKinds? kinds = null)
    {
        kinds ??= AnyEvidence;
        StoredFile stored;
        try
        {
            stored = await store.SaveAsync(content, fileName, "application/octet-stream", unitId, personId, MaxBytes, ct);
        }
        catch (FileTooLargeException)
        {
            return (null, TooLarge(fileName, culture, field));
        }
        if (stored.Length == 0)
        {
            store.Delete(stored.Id);
            return (null, DomainError.Create("evidence.file_empty", culture, field, stored.FileName));
        }

        var head = new byte[16];
        int read;
        await using (var s = store.Open(stored.Id))
        {
            read = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
        }
        var kind = Sniff(head.AsSpan(0, read), () => store.Open(stored.Id));
        if (kind is null || !kinds.Kinds.Contains(kind))
        {
            store.Delete(stored.Id);
            return (null, DomainError.Create(kinds.RefusalCode, culture, field, stored.FileName, kinds.Accepted));
        }
        stored.ContentType = kind.ContentType;
        // The name says what the bytes are: a photo sent as "IMG_0001" or "scan.jpeg.exe" is filed as .jpg.
        var ext = Path.GetExtension(stored.FileName).TrimStart('.').ToLowerInvariant();
        if (ext != kind.Extension && !(kind == Jpeg && ext == "jpeg"))
        {
            stored.FileName = Path.GetFileNameWithoutExtension(stored.FileName) + "." + kind.Extension;
        }
        return (stored, null);
    }

    /// <summary>A size as people read it: bytes, KB or MB (binary multiples, one decimal), the same in every language.</summary>
    public static string SizeText(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " MB",
    };

    /// <summary>Removes stored bytes whose row was not saved.</summary>
    public void Discard(StoredFile file) => store.Delete(file.Id);
}
