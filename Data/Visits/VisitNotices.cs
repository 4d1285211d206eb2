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

/// <summary>
/// The city moved (<see cref="Moved"/>) or cancelled (<see cref="Cancelled"/>) the unit's visit, with its reason: each liaison of the
/// unit is told once per change (<paramref name="Round"/>: the visit's changes so far, this one included).
/// </summary>
public sealed record VisitChangedNotice(int RecipientId, int VisitId, string Change, int Round) : Notice(RecipientId)
{
    public const string Name = "visit-changed", Moved = "moved", Cancelled = "cancelled";

    public override string Kind => Name;
    public override string Subject => $"visit:{VisitId}";
    public override string Stage => $"{Change}-{Round}";
}
