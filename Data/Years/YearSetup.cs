using GuidanceBot.Data.Common;
using GuidanceBot.Data.Templates;

namespace GuidanceBot.Data.Years;

public enum YearSetupStatus
{
    /// <summary>Opened (copied from the year before) and being reviewed: no nudge reads it yet.</summary>
    Draft = 0,

    /// <summary>In force: nudges, new visits and letters follow it.</summary>
    Published = 1,
}

/// <summary>
/// 年度工作方案: one year's setup, which the city admin opens (copying the year before), edits and publishes.
/// The check template it points to is the current version; a version a visit has used is never changed in place
/// (<see cref="YearSetupWorkflow"/>). Deadlines may be missing while a draft; publishing needs every one.
/// </summary>
public class YearSetup : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int Year { get; set; }
    public YearSetupStatus Status { get; set; }

    /// <summary>年度监督检查计划 filed with the city by this day.</summary>
    public DateOnly? PlanFilingDue { get; set; }

    /// <summary>审批报备: the government's approval and the filing with the city by this day.</summary>
    public DateOnly? ApprovalFilingDue { get; set; }

    /// <summary>公示: the plans published on the county's website by this day.</summary>
    public DateOnly? PublicationDue { get; set; }

    /// <summary>Every unit guided by this day (the plan's 11月底前).</summary>
    public DateOnly? VisitsDoneBy { get; set; }

    /// <summary>The working day of each month by which the previous month's enforcement progress is due.</summary>
    public int ProgressWorkingDay { get; set; }

    /// <summary>The opinion letter is issued within this many working days after the visit's last day.</summary>
    public int LetterDueWorkingDays { get; set; }

    /// <summary>A letter's rectification report is due, by default, this many working days after the letter's issue.</summary>
    public int RectificationWorkingDays { get; set; }

    /// <summary>The county units the year's plan covers (ids of <see cref="Units.OrgUnit"/>).</summary>
    public List<int> UnitIds { get; set; } = [];

    /// <summary>The current version of the year's check template.</summary>
    public int CheckTemplateId { get; set; }
    public CheckTemplate? Template { get; set; }

    public DateTime? PublishedUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public Guid Version { get; set; }
}
