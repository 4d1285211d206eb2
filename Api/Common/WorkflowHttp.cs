using GuidanceBot.Api.Auth;
using GuidanceBot.Data.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace GuidanceBot.Api.Common;

/// <summary>
/// A workflow step's body: the version the client saw, the reason when returning, and the name a letter is signed for
/// with when acknowledging (blank: the signer's own, as in the chat).
/// </summary>
public sealed record StepRequest(Guid? Version, string? Reason, string? ReceivedBy = null);

/// <summary>A step's outcome: the record's new version (send it with the next step) and what the step produced (e.g. the letter number).</summary>
public sealed record StepResult(Guid Version, string? Detail);

/// <summary>
/// How a workflow's outcome reads over HTTP — the one mapping every endpoint uses (the same workflows serve the
/// bot, whose mapping is <c>Bot/Flows/Common/StepAnswers</c>): refused fields → 400 naming every field;
/// Forbidden → 403; NotFound → 404; Conflict → 409; a step not allowed in the current state → 422.
/// </summary>
public static class WorkflowHttp
{
    public static Actor ToActor(this Caller caller) =>
        new(caller.PersonId, caller.Name, caller.Role, caller.UnitId ?? 0, caller.Culture);

    public static Results<Ok<StepResult>, ValidationProblem, ProblemHttpResult> ToHttp(this WorkflowResult result) =>
        result.Succeeded ? TypedResults.Ok(new StepResult(result.Version!.Value, result.Detail))
        : result.Invalid() is { } invalid ? invalid
        : result.Problem();

    /// <summary>
    /// A refusal of the input: every error names a field (not the record's <c>status</c>) → one ValidationProblem naming
    /// each field; null for every other outcome (see <see cref="Problem"/>). <paramref name="jsonField"/> renames a
    /// workflow field to the request's JSON name where they differ.
    /// </summary>
    public static ValidationProblem? Invalid(this WorkflowResult result, Func<string, string>? jsonField = null) =>
        result.Status == WorkflowStatus.Refused && result.Errors.All(e => e.Field is { } f && f != "status")
            ? ApiProblems.Invalid(result.Errors.GroupBy(e => jsonField?.Invoke(e.Field!) ?? e.Field!).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()))
            : null;

    /// <summary>A step that did not go through and is not about the input's fields.</summary>
    public static ProblemHttpResult Problem(this WorkflowResult result) => result.Status switch
    {
        WorkflowStatus.Conflict => ApiProblems.Conflict(),
        WorkflowStatus.NotFound => ApiProblems.NotFound(),
        WorkflowStatus.Forbidden => ApiProblems.Status(StatusCodes.Status403Forbidden, result.Error?.Message, result.Error?.Code),
        _ => ApiProblems.Status(StatusCodes.Status422UnprocessableEntity, result.Error?.Message, result.Error?.Code),
    };

    /// <summary>The version is required on every step; a missing one is a 400 before the workflow runs.</summary>
    public static ValidationProblem? MissingVersion(StepRequest? body) =>
        body?.Version is null ? ApiProblems.Invalid("version", ApiText.Get("field.required", "version")) : null;
}
