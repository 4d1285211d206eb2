using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace GuidanceBot.Data.Documents;

/// <summary>The outcome of checking a dossier: what does not match its manifest (empty: every file is as listed).</summary>
public sealed record DossierCheckResult(int FilesChecked, IReadOnlyList<string> Problems)
{
    public bool Intact => Problems.Count == 0;
}

/// <summary>
/// Checks a dossier ZIP against its own <c>manifest.json</c>: every file listed is there with the size and SHA-256 listed,
/// no file is there that is not listed, and every stored file (evidence, materials, team documents) still hashes to what was
/// taken when it was uploaded. An altered, added or removed file fails. The manifest proves the files against each other;
/// that the manifest is the one the bureau issued is for whoever keeps its hash (the audit trail or a signature).
/// </summary>
public static class DossierCheck
{
    public static DossierCheckResult Verify(Stream zip)
    {
        var problems = new List<string>();
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            return new(0, [$"not a ZIP archive: {e.Message}"]);
        }
        using (archive)
        {
            var manifestEntry = archive.GetEntry(UnitYearDossier.ManifestName);
            if (manifestEntry is null)
            {
                return new(0, [$"{UnitYearDossier.ManifestName} is missing"]);
            }
            DossierManifest? manifest;
            try
            {
                using var s = manifestEntry.Open();
                manifest = JsonSerializer.Deserialize<DossierManifest>(s, UnitYearDossier.ManifestJson);
            }
            catch (JsonException e)
            {
                return new(0, [$"{UnitYearDossier.ManifestName} cannot be read: {e.Message}"]);
            }
            if (manifest?.Files is null)
            {
                return new(0, [$"{UnitYearDossier.ManifestName} lists no files"]);
            }

            var listed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in manifest.Files)
            {
                listed.Add(file.Path);
                var entry = archive.GetEntry(file.Path);
                if (entry is null)
                {
                    problems.Add($"{file.Path}: listed but missing");
                    continue;
                }
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                long length = 0;
                using (var s = entry.Open())
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = s.Read(buffer)) > 0)
                    {
                        hash.AppendData(buffer, 0, read);
                        length += read;
                    }
                }
                var sha = Convert.ToHexStringLower(hash.GetHashAndReset());
                if (length != file.Size)
                {
                    problems.Add($"{file.Path}: {length} bytes, the manifest lists {file.Size}");
                }
                if (!string.Equals(sha, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{file.Path}: SHA-256 {sha}, the manifest lists {file.Sha256}");
                }
                if (file.RecordedSha256 is { } recorded && !string.Equals(recorded, file.Sha256, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{file.Path}: stored bytes changed since upload (SHA-256 at upload {recorded})");
                }
            }
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName != UnitYearDossier.ManifestName && !entry.FullName.EndsWith('/') && !listed.Contains(entry.FullName))
                {
                    problems.Add($"{entry.FullName}: not in the manifest");
                }
            }
            return new(manifest.Files.Count, problems);
        }
    }
}
