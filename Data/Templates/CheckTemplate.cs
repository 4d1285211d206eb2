namespace GuidanceBot.Data.Templates;

/// <summary>The year's guidance check template: the plan's areas and check items. Data, not code.</summary>
public class CheckTemplate
{
    public int Id { get; set; }
    public int Year { get; set; }

    /// <summary>1, 2, …: the year's versions. One a visit has used is never changed; an edit makes the next.</summary>
    public int Revision { get; set; } = 1;
    public required string Title { get; set; }
    public List<CheckArea> Areas { get; set; } = [];
}

public class CheckArea
{
    public int Id { get; set; }
    public int CheckTemplateId { get; set; }
    public int Order { get; set; }
    public required string Title { get; set; }
    public required string TitleEn { get; set; }
    public List<CheckItem> Items { get; set; } = [];
}

public class CheckItem
{
    public int Id { get; set; }
    public int CheckAreaId { get; set; }
    public CheckArea? Area { get; set; }

    /// <summary>"1.1" … "4.1": area and item order, stable within a year.</summary>
    public required string Code { get; set; }
    public int Order { get; set; }
    public required string Title { get; set; }
    public required string TitleEn { get; set; }

    /// <summary>What is checked, from the plan's text.</summary>
    public required string Criteria { get; set; }

    /// <summary>What the county provides (各县区提供…), empty when the city assesses it itself.</summary>
    public List<string> Materials { get; set; } = [];

    /// <summary>The same materials in English, index for index (the Chinese name stands in where one is missing).</summary>
    public List<string> MaterialsEn { get; set; } = [];

    /// <summary>
    /// Per material, index for index: which record the bureau already holds that counts as this material
    /// (<see cref="Visits.MaterialSources"/>), or an empty string when the county has to provide it.
    /// </summary>
    public List<string> MaterialSources { get; set; } = [];

    /// <summary>The name of material <paramref name="index"/> in the reader's language.</summary>
    public string MaterialName(int index, System.Globalization.CultureInfo? culture) =>
        culture?.Name == "en-US" && index < MaterialsEn.Count && !string.IsNullOrEmpty(MaterialsEn[index]) ? MaterialsEn[index] : Materials[index];

    /// <summary>The on-file source of material <paramref name="index"/>, null when the county provides it.</summary>
    public string? MaterialSource(int index) =>
        index < MaterialSources.Count && !string.IsNullOrEmpty(MaterialSources[index]) ? MaterialSources[index] : null;

    /// <summary>How the city assesses it when not from county materials (系统统计, 查看网站, 随机抽查…).</summary>
    public string? CityAssessment { get; set; }
}
