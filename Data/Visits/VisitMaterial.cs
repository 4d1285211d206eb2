using GuidanceBot.Data.Files;
using GuidanceBot.Data.Templates;

namespace GuidanceBot.Data.Visits;

/// <summary>
/// What a unit provided for one material of one check item before a guidance visit: a stored file or an
/// http(s) link. One row per (visit, item, material); providing it again replaces the row (the audit log
/// keeps what was there before).
/// </summary>
public class VisitMaterial
{
    public int Id { get; set; }
    public int GuidanceVisitId { get; set; }
    public int CheckItemId { get; set; }
    public CheckItem? CheckItem { get; set; }

    /// <summary>Index into <see cref="CheckItem.Materials"/>.</summary>
    public int MaterialIndex { get; set; }

    /// <summary>The material's Chinese name when provided, kept in case the template is edited later.</summary>
    public required string MaterialName { get; set; }

    public Guid? FileId { get; set; }
    public StoredFile? File { get; set; }
    public string? Url { get; set; }

    public DateTime ProvidedUtc { get; set; }
    public int? ProvidedById { get; set; }
}

/// <summary>
/// Records the bureau already holds that count as a visit material (the <c>onFile</c> keys of the template),
/// so the unit is not asked twice for what it filed earlier.
/// </summary>
public static class MaterialSources
{
    /// <summary>The plan filed with its enterprise list (企业名单).</summary>
    public const string PlanEnterprises = "plan.enterprises";
    /// <summary>The plan filed with the enterprises it inspects (列入执法计划企业名单).</summary>
    public const string PlanPlanned = "plan.planned";
    /// <summary>The approval accepted, with the government's document attached.</summary>
    public const string ApprovalDocument = "approval.approval";
    /// <summary>The approval accepted, with the filing document attached.</summary>
    public const string FilingDocument = "approval.filing";
    /// <summary>Team figures filed this year (staff on post).</summary>
    public const string TeamRoster = "team.roster";
    /// <summary>Team figures filed this year (education, field, age, gender).</summary>
    public const string TeamStructure = "team.structure";
    /// <summary>Training sessions recorded this year.</summary>
    public const string TrainingRecords = "training.records";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        PlanEnterprises, PlanPlanned, ApprovalDocument, FilingDocument, TeamRoster, TeamStructure, TrainingRecords,
    };
}
