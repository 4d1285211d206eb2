namespace GuidanceBot.Data.Documents;

/// <summary>A generated document, ready to send: bytes, a download name and the media type.</summary>
public sealed record DocumentFile(string FileName, string ContentType, byte[] Content)
{
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Zip = "application/zip";
}
