using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.TeamFigures;

/// <summary>
/// 执法队伍建设: a unit's agency set-up and enforcement staff structure as filed on a date.
/// Every filing is a new row, so the history is kept.
/// </summary>
public class TeamFiguresReport
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public OrgUnit? Unit { get; set; }
    public DateTime ReportedUtc { get; set; }
    public int ReportedById { get; set; }

    public int ApprovedPosts { get; set; }
    public int StaffOnPost { get; set; }
    public int CertifiedStaff { get; set; }
    public string? Note { get; set; }

    public int EducationPostgraduate { get; set; }
    public int EducationBachelor { get; set; }
    public int EducationCollege { get; set; }
    public int EducationOther { get; set; }

    /// <summary>Staff whose field of study is safety engineering or a related discipline.</summary>
    public int RelatedFieldOfStudy { get; set; }

    public int AgeUnder35 { get; set; }
    public int Age35To49 { get; set; }
    public int Age50AndOver { get; set; }

    public int Men { get; set; }
    public int Women { get; set; }
}

/// <summary>One training session of the unit's enforcement staff; <see cref="Participants"/> counts attendances, not names.</summary>
public class TrainingSession
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public DateOnly HeldOn { get; set; }
    public required string Topic { get; set; }
    public decimal Hours { get; set; }
    public int Participants { get; set; }
    public int ReportedById { get; set; }
    public DateTime ReportedUtc { get; set; }
}

/// <summary>
/// Monthly enforcement progress against the plan (执行情况). A month may be reported again (a correction):
/// each filing is a row, the latest of the month is current.
/// </summary>
public class EnforcementProgressReport
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public int Year { get; set; }
    public int Month { get; set; }
    public int InspectionsDone { get; set; }
    public int PenaltiesDecided { get; set; }
    public int RecordsEnteredInProvincialSystem { get; set; }
    public int DoubleRandomResultsPublished { get; set; }

    /// <summary>Penalties of the month published in the national enterprise credit system (国家企业信用信息公示系统).</summary>
    public int PenaltiesPublishedInCreditSystem { get; set; }

    /// <summary>
    /// The day each list of the provincial system (河南省应急管理综合业务系统) was last brought up to date, as at the month's end
    /// (动态更新): supervised enterprises (监管对象/企业名录), enforcement staff (执法人员名录), enforcement matters (执法事项清单).
    /// Null in a filing made before these were asked.
    /// </summary>
    public DateOnly? EnterpriseListUpdatedOn { get; set; }
    public DateOnly? StaffListUpdatedOn { get; set; }
    public DateOnly? MatterListUpdatedOn { get; set; }

    public int ReportedById { get; set; }
    public DateTime ReportedUtc { get; set; }
}
