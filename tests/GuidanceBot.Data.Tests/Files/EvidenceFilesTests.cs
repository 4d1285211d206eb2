using System.Globalization;
using System.IO.Compression;
using GuidanceBot.Data.Documents;
using GuidanceBot.Data.Files;
using Microsoft.Extensions.Time.Testing;

namespace GuidanceBot.Data.Tests.Files;

/// <summary>Evidence files are judged by their bytes: what a phone, a scanner or Word writes passes; anything else, whatever its name, does not.</summary>
public class EvidenceFilesTests
{
    private static EvidenceKind? Sniff(byte[] bytes) => EvidenceFiles.Sniff(bytes.AsSpan(0, Math.Min(16, bytes.Length)), () => new MemoryStream(bytes));

    [Fact]
    public void Photos_scans_and_word_documents_are_recognised_by_their_bytes()
    {
        Assert.Equal(EvidenceFiles.Jpeg, Sniff([0xFF, 0xD8, 0xFF, 0xE1, 0, 0, (byte)'E', (byte)'x', (byte)'i', (byte)'f']));
        Assert.Equal(EvidenceFiles.Png, Sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]));
        Assert.Equal(EvidenceFiles.Pdf, Sniff("%PDF-1.7\n%âãÏÓ"u8.ToArray()));
        Assert.Equal(EvidenceFiles.Heic, Sniff([0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0]));
        // A real DOCX, as the bureau's own letters are written.
        var letter = OpinionLetterDocument.Create(Documents.Samples.Letter(id: 1, serial: 3), Documents.Samples.City());
        Assert.Equal(EvidenceFiles.Docx, Sniff(letter.Content));
    }

    [Fact]
    public void Programs_spreadsheets_archives_and_text_are_refused_whatever_their_name()
    {
        Assert.Null(Sniff("MZ\x90\0\x03\0\0\0"u8.ToArray()));
        Assert.Null(Sniff("<html><body>photo</body></html>"u8.ToArray()));
        Assert.Null(Sniff([0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m']));
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var s = archive.CreateEntry("xl/workbook.xml").Open();
            s.Write("<workbook/>"u8);
        }
        Assert.Null(Sniff(zip.ToArray()));
        Assert.Null(Sniff([0x50, 0x4B, 0x03, 0x04, 1, 2, 3])); // a broken ZIP is no document
    }

    [Fact]
    public async Task A_refused_or_too_large_file_leaves_nothing_in_the_store_and_a_photo_is_named_for_what_it_is()
    {
        var folder = Directory.CreateTempSubdirectory("evidence-");
        try
        {
            var store = new FileStore(folder.FullName, new FakeTimeProvider());
            var files = new EvidenceFiles(store);
            var zh = CultureInfo.GetCultureInfo("zh-CN");

            var (big, tooLarge) = await files.SaveAsync(new MemoryStream(new byte[EvidenceFiles.MaxBytes + 1]), "big.jpg", 5, null, zh);
            Assert.Null(big);
            Assert.Equal("evidence.file_too_large", tooLarge!.Code);
            var (exe, refused) = await files.SaveAsync(new MemoryStream("MZ\x90\0"u8.ToArray()), "photo.jpg", 5, null, zh);
            Assert.Null(exe);
            Assert.Equal(("evidence.file_type", "file"), (refused!.Code, refused.Field));
            var (empty, none) = await files.SaveAsync(new MemoryStream(), "empty.pdf", 5, null, zh);
            Assert.Null(empty);
            Assert.Equal("evidence.file_empty", none!.Code);
            Assert.Empty(Directory.GetFiles(store.Root));

            var (photo, ok) = await files.SaveAsync(new MemoryStream([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]), "IMG_0001", 5, null, zh);
            Assert.Null(ok);
            Assert.Equal(("IMG_0001.jpg", "image/jpeg", 7L), (photo!.FileName, photo.ContentType, photo.Length));
            Assert.Single(Directory.GetFiles(store.Root));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_dossier_with_a_file_altered_added_or_removed_fails_its_check()
    {
        static byte[] Zip(params (string Name, byte[] Bytes)[] entries)
        {
            var output = new MemoryStream();
            using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
            {
                foreach (var (name, bytes) in entries)
                {
                    using var s = zip.CreateEntry(name).Open();
                    s.Write(bytes);
                }
            }
            return output.ToArray();
        }
        var photo = "photo-bytes"u8.ToArray();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo));
        var manifest = System.Text.Encoding.UTF8.GetBytes(
            $$"""{"unitId":5,"unitCode":"wuyang","unitName":"舞阳县应急管理局","year":2022,"generatedUtc":"2022-03-01T00:00:00Z","files":[{"path":"evidence/a.jpg","kind":"evidence","size":{{photo.Length}},"sha256":"{{sha}}","recordedSha256":"{{sha}}"}],"missingFiles":[]}""");

        Assert.True(DossierCheck.Verify(new MemoryStream(Zip(("evidence/a.jpg", photo), ("manifest.json", manifest)))).Intact);
        var altered = DossierCheck.Verify(new MemoryStream(Zip(("evidence/a.jpg", "photo-bytez"u8.ToArray()), ("manifest.json", manifest))));
        Assert.Contains(altered.Problems, p => p.StartsWith("evidence/a.jpg: SHA-256", StringComparison.Ordinal));
        var added = DossierCheck.Verify(new MemoryStream(Zip(("evidence/a.jpg", photo), ("evidence/b.jpg", photo), ("manifest.json", manifest))));
        Assert.Equal(["evidence/b.jpg: not in the manifest"], added.Problems);
        var removed = DossierCheck.Verify(new MemoryStream(Zip(("manifest.json", manifest))));
        Assert.Equal(["evidence/a.jpg: listed but missing"], removed.Problems);
        Assert.False(DossierCheck.Verify(new MemoryStream("not a zip"u8.ToArray())).Intact);
    }
}
