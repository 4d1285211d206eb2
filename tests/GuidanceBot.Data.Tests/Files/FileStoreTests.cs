using System.Security.Cryptography;
using GuidanceBot.Data.Files;
using GuidanceBot.Testing;

namespace GuidanceBot.Data.Tests.Files;

public sealed class FileStoreTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "guidancebot-data-tests", Guid.NewGuid().ToString("N"));
    private readonly TestClock _time = new(new DateTimeOffset(2022, 5, 20, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Save_keeps_the_bytes_under_the_data_folder_with_their_hash_and_size()
    {
        var store = new FileStore(_folder, _time);
        var bytes = RandomNumberGenerator.GetBytes(200_000);

        var row = await store.SaveAsync(new MemoryStream(bytes), @"C:\Users\li\整改照片.jpg", "image/jpeg", 5, 7);

        Assert.Equal(Path.Combine(_folder, "files", row.Id.ToString()), store.PathOf(row.Id));
        Assert.Equal(bytes, File.ReadAllBytes(store.PathOf(row.Id)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), row.Sha256);
        Assert.Equal(200_000, row.Length);
        Assert.Equal("整改照片.jpg", row.FileName);
        Assert.Equal((5, 7), (row.UnitId, row.UploadedById!.Value));
        Assert.Equal(_time.GetUtcNow().UtcDateTime, row.UploadedUtc);

        await using var opened = store.Open(row.Id);
        using var copy = new MemoryStream();
        await opened.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Oversized_upload_is_refused_and_leaves_nothing_behind()
    {
        var store = new FileStore(_folder, _time);

        var error = await Assert.ThrowsAsync<FileTooLargeException>(() =>
            store.SaveAsync(new MemoryStream(new byte[300_000]), "big.pdf", "application/pdf", 5, null, maxLength: 250_000));

        Assert.Equal(250_000, error.Limit);
        Assert.Empty(Directory.EnumerateFileSystemEntries(store.Root));
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
