using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Status;
using GuidanceBot.Data.TeamFigures;

namespace GuidanceBot.Bot.Flows.TeamFigures;

/// <summary>
/// A team form as shown: which verb submits it, its title and intro, the unit and the filing it was made from,
/// its inputs with their values and errors (under <c>_</c> the one for the whole form), the months it offers.
/// </summary>
public sealed record TeamFormView(
    string Verb, string TitleKey, string? Intro, int UnitId, int? BasedOn, IReadOnlyList<FormField> Fields,
    IReadOnlyDictionary<string, string?> Values, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<(string Title, string Value)> Months);

/// <summary>
/// The team feature's cards (执法队伍建设 and 执行情况): the forms, the receipts, the home card, and the facts the
/// city's status detail shows too. Pure functions of what they show; input ids are the workflow's field names.
/// </summary>
public static class TeamFigureCards
{
    public static JsonObject Form(TeamFormView view, CultureInfo c)
    {
        var card = AdaptiveCardBuilder.Create(c).Title(TeamFiguresText.Get(view.TitleKey, c));
        if (view.Intro is { } intro)
        {
            card.Text(intro, subtle: true);
        }
        var errors = view.Errors;
        if (errors.Count > 0)
        {
            card.Error(errors.TryGetValue("_", out var general) ? general : TeamFiguresText.Get("FixFields", c));
        }
        foreach (var f in view.Fields)
        {
            if (f.Group is not null)
            {
                card.Heading(TeamFiguresText.Get(f.Group, c));
            }
            var label = TeamFiguresText.Get(f.Label, c);
            var value = view.Values.GetValueOrDefault(f.Id);
            var error = errors.GetValueOrDefault(f.Id);
            switch (f.Kind)
            {
                case FieldKind.Count:
                    // Plain text, not Input.Number: what was typed (even "-3") comes back as typed, with the reason under it.
                    card.TextInput(f.Id, label, value, f.Required, placeholder: "0", maxLength: 9, error: error);
                    break;
                case FieldKind.Hours:
                    card.TextInput(f.Id, label, value, f.Required, placeholder: "2.5", maxLength: 6, error: error);
                    break;
                case FieldKind.Date:
                    card.DateInput(f.Id, label, FieldLimits.ParseDate(value), f.Required, error);
                    break;
                case FieldKind.Month:
                    card.ChoiceInput(f.Id, label, view.Months, value, f.Required, error: error);
                    break;
                default:
                    card.TextInput(f.Id, label, value, f.Required, multiline: f.Kind == FieldKind.LongText,
                        maxLength: f.Kind == FieldKind.LongText ? TeamFigureLimits.NoteMax : TeamFigureLimits.TopicMax, error: error);
                    break;
            }
        }
        var data = new JsonObject { ["step"] = "submit", ["unitId"] = view.UnitId };
        if (view.BasedOn is { } basedOn)
        {
            data["basedOn"] = basedOn;
        }
        return card
            .Execute(TeamFiguresText.Get("Submit", c), view.Verb, data, ActionStyle.Positive)
            .Execute(TeamFiguresText.Get("BackHome", c), TeamVerbs.Home, validateInputs: false)
            .Build();
    }

    /// <summary>The figures just filed, in place of the form (a second click cannot file twice).</summary>
    public static JsonObject FiguresReceipt(TeamFiguresSummary f, CultureInfo c) =>
        AdaptiveCardBuilder.Create()
            .Title(TeamFiguresText.Get("FiguresTitle", c))
            .Text(TeamFiguresText.Format("FiguresSaved", c, FilingFlow<Data.Plans.AnnualPlan>.ChinaTime(f.ReportedUtc, c)), color: TextColor.Good, bold: true)
            .Facts(FiguresFacts(f, c))
            .Text(TeamFiguresText.Get("FiguresHistoryKept", c), subtle: true)
            .Execute(TeamFiguresText.Get("BackHome", c), TeamVerbs.Home, validateInputs: false)
            .Build();

    public static JsonObject TrainingReceipt(TrainingLine t, TeamStatusSummary team, CultureInfo c) =>
        AdaptiveCardBuilder.Create()
            .Title(TeamFiguresText.Get("TrainingTitle", c))
            .Text(TeamFiguresText.Get("TrainingSaved", c), color: TextColor.Good, bold: true)
            .Facts([
                (TeamFiguresText.Get("HeldOn", c), t.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                (TeamFiguresText.Get("Topic", c), t.Topic),
                (TeamFiguresText.Get("Hours", c), t.Hours.ToString("0.#", CultureInfo.InvariantCulture)),
                (TeamFiguresText.Get("Participants", c), t.Participants.ToString(CultureInfo.InvariantCulture)),
                .. TrainingFacts(team, c),
            ])
            .Execute(TeamFiguresText.Get("TrainingAnother", c), TeamVerbs.Training, validateInputs: false)
            .Execute(TeamFiguresText.Get("BackHome", c), TeamVerbs.Home, validateInputs: false)
            .Build();

    public static JsonObject ProgressReceipt(EnforcementProgressReport p, ProgressSummary progress, CultureInfo c) =>
        AdaptiveCardBuilder.Create()
            .Title(TeamFiguresText.Get("ProgressTitle", c))
            .Text(TeamFiguresText.Format("ProgressSaved", c, p.Year, p.Month), color: TextColor.Good, bold: true)
            .Facts([
                (TeamFiguresText.Get("InspectionsDone", c), p.InspectionsDone.ToString(CultureInfo.InvariantCulture)),
                (TeamFiguresText.Get("PenaltiesDecided", c), p.PenaltiesDecided.ToString(CultureInfo.InvariantCulture)),
                (TeamFiguresText.Get("RecordsEntered", c), p.RecordsEnteredInProvincialSystem.ToString(CultureInfo.InvariantCulture)),
                (TeamFiguresText.Get("DoubleRandomPublished", c), p.DoubleRandomResultsPublished.ToString(CultureInfo.InvariantCulture)),
                (TeamFiguresText.Get("PenaltiesPublished", c), p.PenaltiesPublishedInCreditSystem.ToString(CultureInfo.InvariantCulture)),
                .. ProgressFacts(progress, c),
            ])
            .Execute(TeamFiguresText.Get("BackHome", c), TeamVerbs.Home, validateInputs: false)
            .Build();

    /// <summary>The liaison's team page: where the unit stands, and the three forms.</summary>
    public static JsonObject Home(TeamStatusSummary team, int year, CultureInfo c) =>
        AdaptiveCardBuilder.Create()
            .Title(TeamFiguresText.Format("HomeTitle", c, year))
            .Facts(SummaryFacts(team, c))
            .Execute(TeamFiguresText.Get("OpenFigures", c), TeamVerbs.Figures, validateInputs: false)
            .Execute(TeamFiguresText.Get("OpenTraining", c), TeamVerbs.Training, validateInputs: false)
            .Execute(TeamFiguresText.Get("OpenProgress", c), TeamVerbs.Progress, validateInputs: false)
            .Execute(Resources.BotText.Get("MenuTitle", c), Verbs.Menu, validateInputs: false)
            .Build();

    // ---- the facts, as the home card, the receipts and the city's status detail show them ----

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    public static IEnumerable<(string, string)> FiguresFacts(TeamFiguresSummary f, CultureInfo c)
    {
        string T(string k) => TeamFiguresText.Get(k, c);
        string P(double? r) => Rates.Percent(r);
        yield return (T("FactSetUp"), TeamFiguresText.Format("SetUpLine", c, f.ApprovedPosts, f.StaffOnPost, f.CertifiedStaff, P(f.OnPostRatio), P(f.CertifiedShare)));
        if (f.Note is { } note)
        {
            yield return (T("Note"), note);
        }
        yield return (T("FactEducation"), TeamFiguresText.Format("EducationLine", c, f.EducationPostgraduate, f.EducationBachelor, f.EducationCollege, f.EducationOther,
            P(f.BachelorOrAboveShare), f.RelatedFieldOfStudy, P(f.RelatedFieldShare)));
        yield return (T("FactAge"), TeamFiguresText.Format("AgeLine", c, N(f.AgeUnder35), P(f.Under35Share), N(f.Age35To49), P(f.Age35To49Share), N(f.Age50AndOver), P(f.Age50AndOverShare)));
        yield return (T("FactGender"), TeamFiguresText.Format("GenderLine", c, f.Men, P(f.MenShare), f.Women, P(f.WomenShare)));
    }

    public static IEnumerable<(string, string)> TrainingFacts(TeamStatusSummary team, CultureInfo c)
    {
        var t = team.Training;
        yield return (TeamFiguresText.Get("FactTraining", c), TeamFiguresText.Format("TrainingLine", c, t.Sessions, t.Hours.ToString("0.#", CultureInfo.InvariantCulture),
            t.ParticipantSessions, Rates.Percent(team.TrainedShare)));
    }

    public static IEnumerable<(string, string)> ProgressFacts(ProgressSummary p, CultureInfo c)
    {
        string T(string k) => TeamFiguresText.Get(k, c);
        yield return (T("FactExecution"), p.PlannedInspections is null
            ? TeamFiguresText.Format("ExecutionNoPlan", c, p.InspectionsToDate)
            : TeamFiguresText.Format("ExecutionLine", c, p.InspectionsToDate, p.PlannedToDate, Rates.Percent(p.ExecutionRate), p.PlannedInspections, p.MonthsEnded));
        yield return (T("FactEntries"), TeamFiguresText.Format("EntriesLine", c, p.PenaltiesDecided, p.RecordsEntered, Rates.Percent(p.EntryRate),
            p.DoubleRandomPublished, Rates.Percent(p.PublicationRate)));
        yield return (T("FactCredit"), TeamFiguresText.Format("CreditLine", c, p.PenaltiesPublished, p.PenaltiesDecided, Rates.Percent(p.CreditPublicationRate)));
        if (p.Lists is { } lists)
        {
            string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
            yield return (T("FactLists"), TeamFiguresText.Format("ListsLine", c, lists.Year, lists.Month, lists.Current, D(lists.Enterprises), D(lists.Staff), D(lists.Matters)));
        }
        if (p.PreviousMonthReported is { } reported)
        {
            yield return (T("FactPreviousMonth"), T(reported ? "PreviousMonthReported" : "PreviousMonthMissing"));
        }
    }

    public static IEnumerable<(string, string)> SummaryFacts(TeamStatusSummary team, CultureInfo c)
    {
        if (team.Figures is { } f)
        {
            foreach (var fact in FiguresFacts(f, c)) yield return fact;
            yield return (TeamFiguresText.Get("FactFiledAt", c), FilingFlow<Data.Plans.AnnualPlan>.ChinaTime(f.ReportedUtc, c));
        }
        else
        {
            yield return (TeamFiguresText.Get("FactSetUp", c), TeamFiguresText.Get("NoFigures", c));
        }
        foreach (var fact in TrainingFacts(team, c)) yield return fact;
        foreach (var fact in ProgressFacts(team.Progress, c)) yield return fact;
    }
}
