using GuidanceBot.Data.Files;

namespace GuidanceBot.Data.Visits;

/// <summary>
/// One of the guidance team's own documents or images of a visit (文书、影像资料): a stored file of the city, kept with the
/// visit and in the unit's dossier. Added by city staff only; the rule is <see cref="EvidenceWorkflow.AddVisitDocumentAsync"/>.
/// </summary>
public class VisitDocument
{
    public int Id { get; set; }
    public int GuidanceVisitId { get; set; }
    public Guid FileId { get; set; }
    public StoredFile? File { get; set; }
    public string? Caption { get; set; }
    public DateTime AddedUtc { get; set; }
    public int? AddedById { get; set; }
}
