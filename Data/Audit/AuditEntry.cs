namespace GuidanceBot.Data.Audit;

/// <summary>Who did what, when and why. Append-only.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime OccurredUtc { get; set; }
    public int? ActorPersonId { get; set; }
    public required string ActorName { get; set; }

    /// <summary>Dotted verb, e.g. <c>plan.submit</c>, <c>letter.issue</c>.</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public int? UnitId { get; set; }
    public string? Reason { get; set; }
    public string? Details { get; set; }
}
