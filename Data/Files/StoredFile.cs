namespace GuidanceBot.Data.Files;

/// <summary>An uploaded attachment; the bytes live under the data folder, named by <see cref="Id"/>.</summary>
public class StoredFile
{
    public Guid Id { get; set; }
    public int UnitId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Length { get; set; }
    public required string Sha256 { get; set; }
    public int? UploadedById { get; set; }
    public DateTime UploadedUtc { get; set; }
}
