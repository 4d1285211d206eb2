using System.Globalization;
using GuidanceBot.Data.Messaging;

namespace GuidanceBot.Data.Visits;

/// <summary>
/// The visit has its date: each liaison of the unit is asked for the visit's materials, once per date (a new date asks
/// again), whichever door set it.
/// </summary>
public sealed record MaterialsRequestNotice(int RecipientId, int VisitId, DateOnly Start) : Notice(RecipientId)
{
    public const string Name = "materials-request";

    public override string Kind => Name;
    public override string Subject => $"visit:{VisitId}";
    public override string Stage => "date-" + Start.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
