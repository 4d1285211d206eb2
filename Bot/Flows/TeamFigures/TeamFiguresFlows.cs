using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Status;
using GuidanceBot.Data.TeamFigures;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.TeamFigures.TeamFiguresWorkflow.Fields;

namespace GuidanceBot.Bot.Flows.TeamFigures;

/// <summary>执法队伍建设: the agency set-up and staff structure, pre-filled from the latest filing.</summary>
public sealed class TeamFiguresFlow(GuidanceDbContext db, TeamFiguresWorkflow workflow, FlowGuard guard) : TeamFormFlow(guard)
{
    protected override string Verb => TeamVerbs.Figures;
    protected override string TitleKey => "FiguresTitle";

    private static readonly FormField[] Form =
    [
        new(F.ApprovedPosts, "ApprovedPosts", FieldKind.Count, Group: "GroupSetUp"),
        new(F.StaffOnPost, "StaffOnPost", FieldKind.Count),
        new(F.CertifiedStaff, "CertifiedStaff", FieldKind.Count),
        new(F.Note, "Note", FieldKind.LongText, Required: false),
        new(F.EducationPostgraduate, "EducationPostgraduate", FieldKind.Count, Group: "GroupEducation"),
        new(F.EducationBachelor, "EducationBachelor", FieldKind.Count),
        new(F.EducationCollege, "EducationCollege", FieldKind.Count),
        new(F.EducationOther, "EducationOther", FieldKind.Count),
        new(F.RelatedFieldOfStudy, "RelatedFieldOfStudy", FieldKind.Count),
        new(F.AgeUnder35, "AgeUnder35", FieldKind.Count, Group: "GroupAge"),
        new(F.Age35To49, "Age35To49", FieldKind.Count),
        new(F.Age50AndOver, "Age50AndOver", FieldKind.Count),
        new(F.Men, "Men", FieldKind.Count, Group: "GroupGender"),
        new(F.Women, "Women", FieldKind.Count),
    ];

    protected override IReadOnlyList<FormField> Fields(TeamFormContext context) => Form;

    protected override string? Intro(TeamFormContext context) => TeamFiguresText.Get("FiguresIntro", context.Culture);

    private IQueryable<TeamFiguresReport> Latest(int unitId) =>
        db.TeamFigures.AsNoTracking().Where(f => f.UnitId == unitId).OrderByDescending(f => f.Id);

    protected override async Task<int?> LatestAsync(TeamFormContext context, CardInput input, CancellationToken ct) =>
        await Latest(context.UnitId).Select(f => (int?)f.Id).FirstOrDefaultAsync(ct) ?? 0;

    protected override async Task<Dictionary<string, string?>> InitialAsync(TeamFormContext context, CardInput input, CancellationToken ct)
    {
        var f = await Latest(context.UnitId).FirstOrDefaultAsync(ct);
        string? N(Func<TeamFiguresReport, int> get) => f is null ? null : get(f).ToString(CultureInfo.InvariantCulture);
        return new()
        {
            [F.ApprovedPosts] = N(x => x.ApprovedPosts), [F.StaffOnPost] = N(x => x.StaffOnPost), [F.CertifiedStaff] = N(x => x.CertifiedStaff),
            [F.Note] = f?.Note,
            [F.EducationPostgraduate] = N(x => x.EducationPostgraduate), [F.EducationBachelor] = N(x => x.EducationBachelor),
            [F.EducationCollege] = N(x => x.EducationCollege), [F.EducationOther] = N(x => x.EducationOther),
            [F.RelatedFieldOfStudy] = N(x => x.RelatedFieldOfStudy),
            [F.AgeUnder35] = N(x => x.AgeUnder35), [F.Age35To49] = N(x => x.Age35To49), [F.Age50AndOver] = N(x => x.Age50AndOver),
            [F.Men] = N(x => x.Men), [F.Women] = N(x => x.Women),
        };
    }

    private static TeamFiguresInput Input(Parsed p) => new(
        p.Count(F.ApprovedPosts), p.Count(F.StaffOnPost), p.Count(F.CertifiedStaff), p.Texts.GetValueOrDefault(F.Note),
        p.Count(F.EducationPostgraduate), p.Count(F.EducationBachelor), p.Count(F.EducationCollege), p.Count(F.EducationOther),
        p.Count(F.RelatedFieldOfStudy), p.Count(F.AgeUnder35), p.Count(F.Age35To49), p.Count(F.Age50AndOver), p.Count(F.Men), p.Count(F.Women));

    protected override Task<IReadOnlyList<DomainError>> CheckAsync(TeamFormContext context, Parsed values, CancellationToken ct) =>
        Task.FromResult(TeamFiguresWorkflow.Check(Input(values), context.Culture));

    protected override Task<WorkflowResult> FileAsync(TeamFormContext context, Parsed values, CancellationToken ct) =>
        workflow.FileFiguresAsync(context.Actor, context.UnitId, Input(values), ct);

    protected override async Task<JsonObject> ReceiptAsync(TeamFormContext context, int id, CancellationToken ct)
    {
        var c = context.Culture;
        var f = await db.TeamFigures.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        return TeamFigureCards.FiguresReceipt(new TeamFiguresSummary(f.Id, f.ReportedUtc, f.ApprovedPosts, f.StaffOnPost, f.CertifiedStaff, f.Note,
            f.EducationPostgraduate, f.EducationBachelor, f.EducationCollege, f.EducationOther, f.RelatedFieldOfStudy,
            f.AgeUnder35, f.Age35To49, f.Age50AndOver, f.Men, f.Women), c);
    }
}

/// <summary>A training session of the unit's enforcement staff; each is a new record.</summary>
public sealed class TrainingFlow(GuidanceDbContext db, TeamFiguresWorkflow workflow, YearStatusQuery status, FlowGuard guard) : TeamFormFlow(guard)
{
    protected override string Verb => TeamVerbs.Training;
    protected override string TitleKey => "TrainingTitle";

    private static readonly FormField[] Form =
    [
        new(F.HeldOn, "HeldOn", FieldKind.Date),
        new(F.Topic, "Topic", FieldKind.Text),
        new(F.Hours, "Hours", FieldKind.Hours),
        new(F.Participants, "Participants", FieldKind.Count),
    ];

    protected override IReadOnlyList<FormField> Fields(TeamFormContext context) => Form;

    protected override Task<Dictionary<string, string?>> InitialAsync(TeamFormContext context, CardInput input, CancellationToken ct) =>
        Task.FromResult(Form.ToDictionary(f => f.Id, _ => (string?)null));

    private static TrainingInput Input(Parsed p) =>
        new(p.Dates.GetValueOrDefault(F.HeldOn), p.Texts.GetValueOrDefault(F.Topic), p.Decimals.GetValueOrDefault(F.Hours), p.Count(F.Participants));

    protected override Task<IReadOnlyList<DomainError>> CheckAsync(TeamFormContext context, Parsed values, CancellationToken ct) =>
        workflow.CheckTrainingAsync(context.UnitId, Input(values), context.Culture, ct);

    protected override Task<WorkflowResult> FileAsync(TeamFormContext context, Parsed values, CancellationToken ct) =>
        workflow.AddTrainingAsync(context.Actor, context.UnitId, Input(values), ct);

    protected override async Task<JsonObject> ReceiptAsync(TeamFormContext context, int id, CancellationToken ct)
    {
        var c = context.Culture;
        var t = await db.TrainingSessions.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var team = (await status.UnitDetailAsync(context.Today.Year, context.UnitId, ct))!.Summary.Team;
        return TeamFigureCards.TrainingReceipt(new TrainingLine(t.Id, t.HeldOn, t.Topic, t.Hours, t.Participants, t.ReportedUtc), team, c);
    }
}

/// <summary>
/// The month's enforcement progress. The month defaults to the one owed (the previous month) or the one a
/// nudge's button names; a month reported again keeps its earlier filings and shows the latest.
/// </summary>
public sealed class ProgressFlow(GuidanceDbContext db, TeamFiguresWorkflow workflow, YearStatusQuery status, FlowGuard guard) : TeamFormFlow(guard)
{
    private const string Period = "period";

    protected override string Verb => TeamVerbs.Progress;
    protected override string TitleKey => "ProgressTitle";

    private static readonly FormField[] Form =
    [
        new(Period, "Period", FieldKind.Month),
        new(F.InspectionsDone, "InspectionsDone", FieldKind.Count),
        new(F.PenaltiesDecided, "PenaltiesDecided", FieldKind.Count),
        new(F.RecordsEntered, "RecordsEntered", FieldKind.Count),
        new(F.DoubleRandomPublished, "DoubleRandomPublished", FieldKind.Count),
        new(F.PenaltiesPublished, "PenaltiesPublished", FieldKind.Count),
        new(F.EnterpriseListUpdatedOn, "EnterpriseListUpdatedOn", FieldKind.Date, Group: "ListsGroup"),
        new(F.StaffListUpdatedOn, "StaffListUpdatedOn", FieldKind.Date),
        new(F.MatterListUpdatedOn, "MatterListUpdatedOn", FieldKind.Date),
    ];

    protected override IReadOnlyList<FormField> Fields(TeamFormContext context) => Form;

    protected override string FieldFor(string domainField) => domainField is F.Year or F.Month ? Period : domainField;

    protected override string? Intro(TeamFormContext context) => TeamFiguresText.Get("ProgressIntro", context.Culture);

    /// <summary>The latest progress filing of the unit: a correction made meanwhile makes this card stale.</summary>
    protected override async Task<int?> LatestAsync(TeamFormContext context, CardInput input, CancellationToken ct) =>
        await db.EnforcementProgress.AsNoTracking().Where(p => p.UnitId == context.UnitId).MaxAsync(p => (int?)p.Id, ct) ?? 0;

    protected override async Task<Dictionary<string, string?>> InitialAsync(TeamFormContext context, CardInput input, CancellationToken ct)
    {
        var (year, month) = input.Int("year") is { } y && input.Int("month") is { } m && TeamFiguresWorkflow.IsReportable(y, m, context.Today)
            ? (y, m)
            : TeamFiguresWorkflow.PreviousMonth(context.Today) is var owed && TeamFiguresWorkflow.IsReportable(owed.Year, owed.Month, context.Today)
                ? owed
                : (context.Today.Year, context.Today.Month);
        var current = await workflow.CurrentProgress(context.UnitId, year).FirstOrDefaultAsync(p => p.Month == month, ct);
        string? N(int? v) => v?.ToString(CultureInfo.InvariantCulture);
        string? D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return new()
        {
            [Period] = MonthValue(year, month),
            [F.InspectionsDone] = N(current?.InspectionsDone), [F.PenaltiesDecided] = N(current?.PenaltiesDecided),
            [F.RecordsEntered] = N(current?.RecordsEnteredInProvincialSystem), [F.DoubleRandomPublished] = N(current?.DoubleRandomResultsPublished),
            [F.PenaltiesPublished] = current is null ? null : N(current.PenaltiesPublishedInCreditSystem),
            [F.EnterpriseListUpdatedOn] = D(current?.EnterpriseListUpdatedOn), [F.StaffListUpdatedOn] = D(current?.StaffListUpdatedOn),
            [F.MatterListUpdatedOn] = D(current?.MatterListUpdatedOn),
        };
    }

    private static ProgressInput Input(Parsed p)
    {
        var period = p.Months.GetValueOrDefault(Period);
        return new(period?.Year, period?.Month, p.Count(F.InspectionsDone), p.Count(F.PenaltiesDecided), p.Count(F.RecordsEntered), p.Count(F.DoubleRandomPublished),
            p.Count(F.PenaltiesPublished), p.Dates.GetValueOrDefault(F.EnterpriseListUpdatedOn), p.Dates.GetValueOrDefault(F.StaffListUpdatedOn),
            p.Dates.GetValueOrDefault(F.MatterListUpdatedOn));
    }

    protected override Task<IReadOnlyList<DomainError>> CheckAsync(TeamFormContext context, Parsed values, CancellationToken ct) =>
        workflow.CheckProgressAsync(context.UnitId, Input(values), context.Culture, ct);

    protected override Task<WorkflowResult> FileAsync(TeamFormContext context, Parsed values, CancellationToken ct) =>
        workflow.ReportProgressAsync(context.Actor, context.UnitId, Input(values), ct);

    protected override async Task<JsonObject> ReceiptAsync(TeamFormContext context, int id, CancellationToken ct)
    {
        var c = context.Culture;
        var p = await db.EnforcementProgress.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var team = (await status.UnitDetailAsync(p.Year, context.UnitId, ct))!.Summary.Team;
        return TeamFigureCards.ProgressReceipt(p, team.Progress, c);
    }
}

/// <summary>The liaison's team page: where the unit stands, and the three forms.</summary>
public sealed class TeamHomeHandler(YearStatusQuery status, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var c = turn.Culture;
        // Typed "队伍" by city staff is refused in the chat: the guard answers a message there.
        if (await guard.CheckCountyAsync(turn, TeamVerbs.Home, ct) is { } refused)
        {
            return refused.Response;
        }
        var year = guard.ChinaToday.Year;
        var detail = (await status.UnitDetailAsync(year, turn.Person!.UnitId, ct))!;
        var card = TeamFigureCards.Home(detail.Summary.Team, year, c);
        if (turn.Activity.Type == ActivityTypes.Invoke)
        {
            return AdaptiveCardInvokeResponse.Card(card);
        }
        await turn.ReplyAsync(card, TeamFiguresText.Format("HomeTitle", c, year), ct);
        return null;
    }
}
