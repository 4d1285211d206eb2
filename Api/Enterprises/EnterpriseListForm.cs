using GuidanceBot.Api.Common;

namespace GuidanceBot.Api.Enterprises;

/// <summary>
/// An enterprise list sent as <c>multipart/form-data</c> (field <c>file</c>, CSV or XLSX, at most <c>Api:MaxImportBytes</c>), for the
/// register's import and the city's plan: the request is read as every upload is (<see cref="UploadForm.ReadFormAsync"/>), its file
/// judged here among the form's other fields.
/// </summary>
internal static class EnterpriseListForm
{
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
