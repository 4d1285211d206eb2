namespace GuidanceBot.Data.Templates;

/// <summary>The year's guidance check template: the plan's areas and check items. Data, not code.</summary>
public class CheckTemplate
{
    public int Id { get; set; }
    public int Year { get; set; }
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

    /// <summary>How the city assesses it when not from county materials (系统统计, 查看网站, 随机抽查…).</summary>
    public string? CityAssessment { get; set; }
}
