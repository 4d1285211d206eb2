using Microsoft.AspNetCore.Http.HttpResults;

namespace GuidanceBot.Api.Common;

/// <summary>
/// One multipart upload as every upload endpoint reads it (a follow-up's photo, a visit material, rectification evidence, the
/// team's documents): a body plainly larger than the limit is refused before it is read, then the form, then its file field
/// (<c>file</c>) — each refusal a ProblemDetails naming <c>file</c>. The other fields are read as the endpoint needs them
/// (<see cref="Version"/>, <see cref="Text"/>, <see cref="Int"/>); what the file may be is the workflow's to judge, on its bytes.
/// </summary>
public sealed class UploadForm
{
    public const string FileField = "file", VersionField = "version";

    /// <summary>Room for the form's other fields and its boundaries beside the file.</summary>
    private const long Overhead = 64 * 1024;

    private readonly IFormCollection _form;

    private UploadForm(IFormCollection form, IFormFile file)
    {
        _form = form;
        File = file;
    }

    public IFormFile File { get; }

    public string FileName => File.FileName;

    public Stream OpenRead() => File.OpenReadStream();

    /// <summary>The <c>version</c> field as a version, or null (absent or not one).</summary>
    public Guid? Version => Guid.TryParse(_form[VersionField], out var g) ? g : null;

    public string? Text(string field) => _form[field].FirstOrDefault();

    public int? Int(string field) => int.TryParse(_form[field], out var n) ? n : null;

    /// <summary>The form with its file, or the ProblemDetails to answer (400 on <c>file</c>).</summary>
    public static async Task<(UploadForm? Form, ValidationProblem? Problem)> ReadAsync(HttpRequest request, long maxFileBytes, CancellationToken ct)
    {
        var (form, problem) = await ReadFormAsync(request, maxFileBytes, ct);
        if (form is null)
        {
            return (null, problem);
        }
        return form.Files.GetFile(FileField) is { } file
            ? (new UploadForm(form, file), null)
            : (null, ApiProblems.Invalid(FileField, ApiText.Get("upload.required")));
    }

    /// <summary>
    /// The form as sent, or the problem of the request as a whole (plainly larger than the limit, not a form) under <c>file</c>:
    /// for an endpoint that judges the file among its other fields (an enterprise list).
    /// </summary>
    public static async Task<(IFormCollection? Form, ValidationProblem? Problem)> ReadFormAsync(HttpRequest request, long maxFileBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxFileBytes + Overhead)
        {
            return (null, ApiProblems.Invalid(FileField, ApiText.Get("upload.too_large", request.ContentLength ?? 0, maxFileBytes)));
        }
        if (!request.HasFormContentType)
        {
            return (null, ApiProblems.Invalid(FileField, ApiText.Get("upload.required")));
        }
        return (await request.ReadFormAsync(ct), null);
    }
}
