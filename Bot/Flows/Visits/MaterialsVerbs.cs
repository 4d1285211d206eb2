namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>Card verbs of the visit materials flows.</summary>
public static class MaterialsVerbs
{
    /// <summary>A liaison opens the materials card of their unit's visit (the menu's button carries no visit: the next one).</summary>
    public const string Open = "materials.open";
    public const string SaveLinks = "materials.links";
    public const string Attach = "materials.attach";
    /// <summary>City staff: completeness of every open visit this year.</summary>
    public const string Overview = "materials.overview";
    public const string CityVisit = "materials.city";
    public const string SetDate = "materials.date";
}
