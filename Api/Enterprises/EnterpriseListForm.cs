using GuidanceBot.Api.Common;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuidanceBot.Api.Enterprises;

/// <summary>
/// An enterprise list sent as <c>multipart/form-data</c> (field <c>file</c>, CSV or XLSX, at most <c>Api:MaxImportBytes</c>): the one
/// reading of the request for the register's import and the city's plan.
/// </summary>
internal static class EnterpriseListForm
{
    /// <summary>The form, or the problem of the request as a whole (larger than the limit allows, not a form), under <c>file</c>.</summary>
    public static async Task<(IFormCollection? Form, ValidationProblem? Problem)> ReadAsync(HttpRequest request, long limit, CancellationToken ct)
    {
        if (request.ContentLength > limit + 64 * 1024)
        {
            return (null, ApiProblems.Invalid("file", ApiText.Get("upload.too_large", request.ContentLength ?? 0, limit)));
        }
        if (!request.HasFormContentType)
        {
            return (null, ApiProblems.Invalid("file", ApiText.Get("upload.required")));
        }
        return (await request.ReadFormAsync(ct), null);
    }

    /// <summary>The form's file: sent, not empty, within <paramref name="limit"/>, of a format the reader knows; each problem added to <paramref name="v"/>.</summary>
    public static IFormFile? File(IFormCollection form, Validator v, long limit)
    {
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            v.Add("file", ApiText.Get("upload.required"));
        }
        else if (file.Length > limit)
        {
            v.Add("file", ApiText.Get("upload.too_large", file.Length, limit));
        }
        else if (!EnterpriseImporter.IsSupported(file.FileName))
        {
            v.Add("file", ApiText.Get("upload.format"));
        }
        return file;
    }
}
