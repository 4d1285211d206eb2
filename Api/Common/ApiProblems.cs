using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace GuidanceBot.Api.Common;

/// <summary>ProblemDetails with a localized title, the one way endpoints report a refusal.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult Status(int status, string? detail = null, string? code = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ApiText.Find($"status.{status}") ?? ApiText.Get("status.400"),
            Detail = detail,
        };
        if (code is not null)
        {
            problem.Extensions["code"] = code;
        }
        return TypedResults.Problem(problem);
    }

    /// <summary>404 for a missing row and for a row the caller may not see: existence is not leaked.</summary>
    public static ProblemHttpResult NotFound() => Status(StatusCodes.Status404NotFound);

    public static ProblemHttpResult Forbidden() => Status(StatusCodes.Status403Forbidden);

    public static ProblemHttpResult Conflict() => Status(StatusCodes.Status409Conflict, ApiText.Get("conflict.version"), "conflict.version");

    public static ValidationProblem Invalid(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: ApiText.Get("validation.title"));

    public static ValidationProblem Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });
}
