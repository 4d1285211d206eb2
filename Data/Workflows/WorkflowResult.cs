using System.Globalization;
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
/// The outcome of every workflow step, for both doors. Anything but <see cref="WorkflowStatus.Done"/> carries
/// at least one error and wrote nothing. <see cref="Errors"/> holds every refusal found (one per bad field, so a
/// card shows each under its input and the API names each field); <see cref="Error"/> is the first.
/// </summary>
/// <param name="Version">The record's version after the step (send it with the next step); null for a record that has none.</param>
/// <param name="Detail">What the step produced for the caller to show: the letter number given, the invite code (shown once)…</param>
/// <param name="Id">The record created or acted on.</param>
public sealed record WorkflowResult(WorkflowStatus Status, IReadOnlyList<DomainError> Errors, Guid? Version = null, string? Detail = null, int? Id = null)
{
    public bool Succeeded => Status == WorkflowStatus.Done;

    /// <summary>The first refusal; null when the step was done.</summary>
    public DomainError? Error => Errors.Count > 0 ? Errors[0] : null;

    /// <summary>Every refusal, in <paramref name="culture"/>, as one sentence after another.</summary>
    public string Message(CultureInfo culture) => string.Join(" ", Errors.Select(e => e.In(culture).Message));

    public static WorkflowResult Done(Guid? version, string? detail = null, int? id = null) => new(WorkflowStatus.Done, [], version, detail, id);
    public static WorkflowResult Refused(DomainError error) => new(WorkflowStatus.Refused, [error]);
    public static WorkflowResult Refused(IReadOnlyList<DomainError> errors) =>
        errors.Count > 0 ? new(WorkflowStatus.Refused, errors) : throw new ArgumentException("A refusal names at least one error.", nameof(errors));
    public static WorkflowResult Forbidden(DomainError error) => new(WorkflowStatus.Forbidden, [error]);
    public static WorkflowResult Conflict(DomainError error) => new(WorkflowStatus.Conflict, [error]);
    public static WorkflowResult NotFound(DomainError error) => new(WorkflowStatus.NotFound, [error]);
}
