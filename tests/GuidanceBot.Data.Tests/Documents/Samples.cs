using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Rectification;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Data.Tests.Documents;

/// <summary>Entities as the workflows leave them, for rendering in memory.</summary>
internal static class Samples
{
    public static OrgUnit City() => new()
    {
        Id = 1, Code = "luohe", Name = "漯河市应急管理局", ShortName = "漯", Level = UnitLevel.City,
    };

    public static OrgUnit Wuyang() => new()
    {
        Id = 5, Code = "wuyang", Name = "舞阳县应急管理局", ShortName = "舞阳", Level = UnitLevel.County, ParentId = 1,
    };

    public static OpinionLetter Letter(int id = 10, int serial = 3, int problems = 3) => new()
    {
        Id = id,
        UnitId = 5,
        IssuerUnitId = 1,
        Year = 2022,
        Serial = serial,
        Number = $"(漯)应急指导〔2022〕{serial}号",
        Status = LetterStatus.Issued,
        VisitDate = new DateOnly(2022, 5, 12),
        ReportDeadline = new DateOnly(2022, 6, 30),
        CountyResponsibleName = "李建国",
        CityContactName = "王晓明",
        CityContactPhone = "0395-3121234",
        IssuedOn = new DateOnly(2022, 5, 20),
        IssuedUtc = new DateTime(2022, 5, 20, 2, 0, 0, DateTimeKind.Utc),
        Problems = Enumerable.Range(1, problems).Select(i => new LetterProblem
        {
            Id = id * 100 + i,
            OpinionLetterId = id,
            Order = i,
            Problem = $"第{i}项：年度监督检查计划未覆盖全部重点生产经营单位",
            Opinion = $"第{i}项：对照企业名录补齐计划，报政府批复后向市局报备",
        }).ToList(),
    };

    public static RectificationReport Report(OpinionLetter letter, bool late = false) => new()
    {
        Id = letter.Id + 1000,
        OpinionLetterId = letter.Id,
        UnitId = letter.UnitId,
        Status = ReportStatus.Submitted,
        ResponsibleName = "赵志强",
        SubmittedUtc = new DateTime(2022, 6, 30, 17, 30, 0, DateTimeKind.Utc), // 7月1日 01:30 in China
        IsLate = late,
        SubmissionCount = 1,
        Items = letter.Problems.Select((p, i) => new RectificationItem
        {
            Id = p.Id + 5000,
            LetterProblemId = p.Id,
            Measures = $"措施{i + 1}：已补录企业名录并重新编制计划",
            Progress = i == 0 ? RectificationProgress.Done : RectificationProgress.InProgress,
            ExpectedCompletion = i == 0 ? null : new DateOnly(2022, 8, 15),
            Decision = i switch { 0 => ReviewDecision.Accepted, 1 => ReviewDecision.Returned, _ => ReviewDecision.Pending },
            ReviewNote = i == 1 ? "佐证材料不全，请补充政府批复文件" : null,
        }).ToList(),
    };
}
