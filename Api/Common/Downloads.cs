using GuidanceBot.Data.Documents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuidanceBot.Api.Common;

public static class Downloads
{
    /// <summary>A generated document as a file download, or 404 when it does not exist for the caller.</summary>
    public static Results<FileContentHttpResult, ProblemHttpResult> ToDownload(this DocumentFile? file) =>
        file is null ? ApiProblems.NotFound() : TypedResults.File(file.Content, file.ContentType, file.FileName);
}
