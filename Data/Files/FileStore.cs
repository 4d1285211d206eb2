using System.Security.Cryptography;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Rules;
using Microsoft.Extensions.Options;

namespace GuidanceBot.Data.Files;

/// <summary>A stored upload was longer than the caller allows; nothing was kept.</summary>
public sealed class FileTooLargeException(long limit)
    : Exception($"The file is larger than {limit} bytes.")
{
    public long Limit { get; } = limit;
}

/// <summary>
/// The one place attachment bytes live: <c>{DataFolder}/files/{id}</c>. The database row
/// (<see cref="StoredFile"/>) carries the name, type, size and SHA-256 taken while the bytes were written.
/// </summary>
public sealed class FileStore
{
    private readonly TimeProvider _time;

    public FileStore(IOptions<StorageOptions> storage, TimeProvider time)
        : this(storage.Value.DataFolder, time)
    {
    }

    public FileStore(string dataFolder, TimeProvider time)
    {
        Root = Path.Combine(dataFolder, "files");
        _time = time;
    }

    public string Root { get; }

    public string PathOf(Guid id) => Path.Combine(Root, id.ToString("D"));

    public bool Exists(Guid id) => File.Exists(PathOf(id));

    /// <summary>
    /// Writes the bytes under a new id and returns the row to add to the database (not yet added).
    /// The file appears under its final name only once complete, so a reader never sees half a file.
    /// </summary>
    public async Task<StoredFile> SaveAsync(
        Stream content, string fileName, string contentType, int unitId, int? uploadedById,
        long? maxLength = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        Directory.CreateDirectory(Root);

        // Some browsers send the client's whole path (C:\...\name): keep only the name, whatever the separator.
        // Control and direction characters go (a name "invoice\u202Efdp.exe" shows as "invoiceexe.pdf").
        var name = new string(TextRule.Strip(fileName[(fileName.LastIndexOfAny(['/', '\\']) + 1)..]).Where(c => c >= ' ').ToArray()).Trim();
        var id = Guid.NewGuid();
        var final = PathOf(id);
        var temp = final + ".partial";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        try
        {
            await using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    length += read;
                    if (maxLength is { } limit && length > limit)
                    {
                        throw new FileTooLargeException(limit);
                    }
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            File.Move(temp, final);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }

        return new StoredFile
        {
            Id = id,
            UnitId = unitId,
            FileName = name.Length == 0 ? id.ToString("D") : name,
            ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            Length = length,
            Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset()),
            UploadedById = uploadedById,
            UploadedUtc = _time.GetUtcNow().UtcDateTime,
        };
    }

    /// <summary>
    /// Keeps an uploaded file: the bytes in the store, then its row and a <c>file.upload</c> audit entry in
    /// one save. When the save fails the bytes go too, so no file lies in the store without a row. For a
    /// file that belongs to a step (and must not stay when the step is refused), save the bytes with
    /// <see cref="SaveAsync"/> and hand the row to the step, which adds it with <see cref="UploadAudit"/>.
    /// </summary>
    public async Task<StoredFile> KeepAsync(GuidanceDbContext db, Stream content, string fileName, string contentType,
        int unitId, int? personId, string actorName, long maxLength, string? note = null, CancellationToken cancellationToken = default)
    {
        var stored = await SaveAsync(content, fileName, contentType, unitId, personId, maxLength, cancellationToken);
        db.Files.Add(stored);
        db.AuditLog.Add(UploadAudit(stored, actorName, note));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            Delete(stored.Id);
            throw;
        }
        return stored;
    }

    /// <summary>The audit entry of an upload, written in the same save as the file's row.</summary>
    public static AuditEntry UploadAudit(StoredFile stored, string actorName, string? note = null) =>
        AuditEntries.For(stored.UploadedById, actorName, "file.upload", nameof(StoredFile), stored.Id.ToString(), stored.UnitId, stored.UploadedUtc,
            details: $"{stored.FileName} ({stored.Length} bytes)" + (note is null ? "" : $"; {note}"));

    /// <summary>Opens the bytes for reading; <see cref="FileNotFoundException"/> when they are gone.</summary>
    public Stream Open(Guid id) =>
        new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
            FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Removes the bytes, e.g. when the row that would have pointed at them was not saved.</summary>
    public void Delete(Guid id) => File.Delete(PathOf(id));
}
