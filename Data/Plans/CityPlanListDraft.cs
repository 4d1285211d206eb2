namespace GuidanceBot.Data.Plans;

/// <summary>
/// A list city staff sent in the chat for a year whose city plan is already filed: it waits here, as read and checked, until
/// they confirm the replacement the bot offered (<see cref="CityPlanWorkflow.ConfirmReplacementAsync"/>) and is removed then.
/// One per person and year: a newer list replaces the one waiting. The offer card names it by <see cref="Id"/> (random, and
/// only its sender's can be used); the rows never travel in a card.
/// </summary>
public class CityPlanListDraft
{
    public const int FileNameMax = 260;

    public Guid Id { get; set; }
    public int Year { get; set; }
    public int PersonId { get; set; }
    public required string FileName { get; set; }

    /// <summary>The rows as <see cref="Enterprises.EnterpriseList"/> read them (JSON of <see cref="Enterprises.EnterpriseListRow"/>).</summary>
    public required string Rows { get; set; }

    public DateTime CreatedUtc { get; set; }
}
