using GuidanceBot.Api.Auth;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuidanceBot.Api.Common;

/// <summary>A workflow step's body: the version the client saw, and the reason when returning.</summary>
public sealed record StepRequest(Guid? Version, string? Reason);

/// <summary>A step's outcome: the record's new version (send it with the next step) and what the step produced (e.g. the letter number).</summary>
public sealed record StepResult(Guid Version, string? Detail);

/// <summary>How a workflow's outcome reads over HTTP; the same workflows serve the bot.</summary>
public static class WorkflowHttp
{
    public static Actor ToActor(this Caller caller) =>
        new(caller.PersonId, caller.Name, caller.Role, caller.UnitId ?? 0, caller.Culture);

    public static Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult> ToHttp(this WorkflowResult result) => result.Status switch
    {
        WorkflowStatus.Done => TypedResults.Ok(new StepResult(result.Version!.Value, result.Detail)),
        WorkflowStatus.Conflict => ApiProblems.Conflict(),
        WorkflowStatus.NotFound => ApiProblems.NotFound(),
        WorkflowStatus.Forbidden => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Error?.Message, result.Error?.Code),
        // A refusal about a field is a 400 naming it; a step not allowed in the current state is a 422.
        _ when result.Error?.Field is { } field && field != "status" => ApiProblems.Invalid(field, result.Error.Message),
        _ => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, result.Error?.Message, result.Error?.Code),
    };

    /// <summary>The version is required on every step; a missing one is a 400 before the workflow runs.</summary>
    public static ValidationProblem? MissingVersion(StepRequest? body) =>
        body?.Version is null ? ApiProblems.Invalid("version", ApiText.Get("field.required", "version")) : null;
}
