using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Workflows;

public enum WorkflowStatus
{
    Done,
    /// <summary>The step is not allowed now or the input is wrong: 400/422, a card with the reason.</summary>
    Refused,
    /// <summary>The actor may not take this step: 403.</summary>
    Forbidden,
    /// <summary>Someone changed the record since the caller read it: 409/412, reload and retry.</summary>
    Conflict,
    NotFound,
}

/// <summary>
/// The outcome of a workflow step. Anything but <see cref="WorkflowStatus.Done"/> carries an
/// <see cref="Error"/> and wrote nothing.
/// </summary>
public sealed record WorkflowResult(WorkflowStatus Status, DomainError? Error = null, Guid? Version = null, string? Detail = null)
{
    public bool Succeeded => Status == WorkflowStatus.Done;

    public static WorkflowResult Done(Guid version, string? detail = null) => new(WorkflowStatus.Done, null, version, detail);
    public static WorkflowResult Refused(DomainError error) => new(WorkflowStatus.Refused, error);
    public static WorkflowResult Forbidden(DomainError error) => new(WorkflowStatus.Forbidden, error);
    public static WorkflowResult Conflict(DomainError error) => new(WorkflowStatus.Conflict, error);
    public static WorkflowResult NotFound(DomainError error) => new(WorkflowStatus.NotFound, error);
}
