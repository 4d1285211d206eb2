using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace GuidanceBot.Data.Backups;

/// <summary>One file of a backup archive: its path in the archive, size and SHA-256.</summary>
public sealed record BackupEntry(string Path, long Size, string Sha256);

/// <summary>
/// <c>backup.json</c>, the archive's last entry: what it holds, so a restore can check every byte before it
/// touches the data folder. <paramref name="Migration"/> is the database's newest applied migration.
/// <paramref name="MissingFiles"/> lists attachments whose row was in the database but whose bytes were not on disk.
/// </summary>
public sealed record BackupManifest(int Format, DateTime CreatedUtc, string? Migration, IReadOnlyList<BackupEntry> Entries, IReadOnlyList<string> MissingFiles);

/// <summary>
/// The backup archive: a ZIP of the database (<c>guidancebot.db</c>), the attachments (<c>files/{id}</c>, as in the
/// data folder) and the Data Protection keys that sign document links (<c>keys/*.xml</c>), with a manifest.
/// </summary>
public static class BackupArchive
{
    public const int Format = 1;
    public const string Prefix = "guidancebot-";
    public const string Extension = ".zip";
    public const string ManifestName = "backup.json";
    public const string DatabaseName = "guidancebot.db";
    public const string FilesFolder = "files";
    public const string KeysFolder = "keys";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary><c>guidancebot-20221105T183000Z.zip</c>: the UTC time sorts as text.</summary>
    public static string NameFor(DateTimeOffset utc) =>
        Prefix + utc.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + Extension;

    /// <summary>Archives in <paramref name="folder"/>, newest first.</summary>
    public static IReadOnlyList<string> List(string folder) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, Prefix + "*" + Extension).OrderDescending(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// Reads the manifest and checks every entry against it (present, size, SHA-256, a name a restore may write)
    /// and that nothing else is in the archive. Throws <see cref="InvalidDataException"/> naming the first fault.
    /// </summary>
    public static BackupManifest Verify(string archive)
    {
        using var zip = Open(archive);
        var manifestEntry = zip.GetEntry(ManifestName) ?? throw new InvalidDataException($"{archive} is not a GuidanceBot backup: it has no {ManifestName}.");
        BackupManifest manifest;
        using (var s = manifestEntry.Open())
        {
            manifest = JsonSerializer.Deserialize<BackupManifest>(s, Json) ?? throw new InvalidDataException($"{ManifestName} is empty.");
        }
        if (manifest.Format != Format)
        {
            throw new InvalidDataException($"{archive} has backup format {manifest.Format}; this version reads format {Format}.");
        }
        if (!manifest.Entries.Any(e => e.Path == DatabaseName))
        {
            throw new InvalidDataException($"{archive} holds no database.");
        }

        var listed = manifest.Entries.ToDictionary(e => e.Path, StringComparer.Ordinal);
        foreach (var entry in zip.Entries.Where(e => e.FullName != ManifestName))
        {
            if (!listed.ContainsKey(entry.FullName))
            {
                throw new InvalidDataException($"{archive} holds {entry.FullName}, which its manifest does not list.");
            }
        }
        foreach (var expected in manifest.Entries)
        {
            if (!IsRestorable(expected.Path))
            {
                throw new InvalidDataException($"{archive} lists {expected.Path}, which is not a database, attachment or key.");
            }
            var entry = zip.GetEntry(expected.Path) ?? throw new InvalidDataException($"{archive} lacks {expected.Path}.");
            using var s = entry.Open();
            var (size, sha) = Hash(s, Stream.Null);
            if (size != expected.Size || sha != expected.Sha256)
            {
                throw new InvalidDataException($"{expected.Path} in {archive} does not match its SHA-256 in the manifest: the archive is damaged.");
            }
        }
        return manifest;
    }

    /// <summary>The database, <c>files/{guid}</c> or <c>keys/{name}.xml</c>: nothing that could land outside its folder.</summary>
    internal static bool IsRestorable(string path)
    {
        if (path == DatabaseName)
        {
            return true;
        }
        var slash = path.IndexOf('/');
        if (slash < 0 || path.IndexOf('/', slash + 1) >= 0 || path.Contains('\\'))
        {
            return false;
        }
        var (folder, name) = (path[..slash], path[(slash + 1)..]);
        return folder switch
        {
            FilesFolder => Guid.TryParseExact(name, "D", out _),
            KeysFolder => name.EndsWith(".xml", StringComparison.Ordinal) && name.Length > 4 && !name.StartsWith('.'),
            _ => false,
        };
    }

    internal static ZipArchive Open(string archive)
    {
        try
        {
            return ZipFile.OpenRead(archive);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{archive} is not a ZIP archive: {e.Message}", e);
        }
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/>, returning its length and SHA-256 (lower-case hex).</summary>
    internal static (long Size, string Sha256) Hash(Stream source, Stream target)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long length = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            target.Write(buffer, 0, read);
            length += read;
        }
        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
