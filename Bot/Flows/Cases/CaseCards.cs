using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data.Cases;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.Cases;

/// <summary>A typical case as the cards show it.</summary>
public sealed record CaseView(
    int Id, int UnitId, string UnitName, string? UnitNameEn, int Year, string Title, string CaseNumber, DateOnly ReportedOn, string EnforcementType,
    CaseQualification Qualification, bool?[] Criteria, string? Reason, DateTime? JudgedUtc, Guid Version)
{
    public string Unit(CultureInfo culture) => FlowTurn.UnitName(UnitName, UnitNameEn, culture);
}

/// <summary>The typical-case cards, all made with <see cref="AdaptiveCardBuilder"/>.</summary>
public static class CaseCards
{
    // Input ids are the workflow's field names (CaseFields), so its errors land under their inputs as they are.
    public const string Title = CaseFields.Title, Number = CaseFields.CaseNumber, ReportedOn = CaseFields.ReportedOn, Type = CaseFields.EnforcementType;
    public const string Qualified = CaseFields.Qualified, Reason = CaseFields.Reason;
    public const string Yes = "qualified", No = "notQualified";
    public const int MaxRows = 20;

    public static readonly IReadOnlyList<string> ReportFields = [Title, Number, ReportedOn, Type];

    public static JsonObject ReportForm(int unitId, int year, CultureInfo culture, IReadOnlyDictionary<string, string?>? values = null,
        IReadOnlyDictionary<string, string>? errors = null)
    {
        string T(string k) => CaseText.Get(k, culture);
        string? V(string k) => values?.GetValueOrDefault(k);
        string? E(string k) => errors?.GetValueOrDefault(k);
        var date = FieldLimits.ParseDate(V(ReportedOn));
        return AdaptiveCardBuilder.Create(culture)
            .Title(T("ReportTitle"))
            .Text(CaseText.Format("ReportIntro", culture, year), subtle: true)
            .TextInput(Title, T("FieldTitle"), V(Title), required: true, maxLength: CaseLimits.TitleMax, error: E(Title))
            .TextInput(Number, T("FieldNumber"), V(Number), required: true, placeholder: T("NumberPlaceholder"), maxLength: CaseLimits.NumberMax, error: E(Number))
            .DateInput(ReportedOn, T("FieldReportedOn"), date, required: true, error: E(ReportedOn))
            .ChoiceInput(Type, T("FieldType"), EnforcementTypes.All.Select(t => (EnforcementTypes.Label(t.Code, culture), t.Code)), V(Type), required: true, error: E(Type))
            .Execute(T("ReportSubmit"), CaseVerbs.Report, new JsonObject { ["step"] = "submit", ["unitId"] = unitId, ["year"] = year }, ActionStyle.Positive)
            .Build();
    }

    public static JsonObject ReportReceipt(CaseView c, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(CaseText.Get("ReportTitle", culture))
            .Text(CaseText.Get("ReportDone", culture), color: TextColor.Good, bold: true)
            .Facts(Facts(c, culture, withUnit: false))
            .Execute(CaseText.Get("ReportAnother", culture), CaseVerbs.Report, validateInputs: false)
            .Execute(CaseText.Get("MyCases", culture), CaseVerbs.Mine, validateInputs: false)
            .Build();

    /// <summary>The unit's cases of the year, newest first, each with its decision.</summary>
    public static JsonObject MyCases(IReadOnlyList<CaseView> cases, int year, CultureInfo culture)
    {
        var card = AdaptiveCardBuilder.Create().Title(CaseText.Format("MyCasesTitle", culture, year));
        card.Text(CaseText.Format("CountsLine", culture, cases.Count, cases.Count(c => c.Qualification == CaseQualification.Qualified),
            cases.Count(c => c.Qualification == CaseQualification.Pending)), subtle: true);
        if (cases.Count == 0)
        {
            card.Text(CaseText.Get("MyCasesEmpty", culture));
        }
        foreach (var c in cases.Take(MaxRows))
        {
            card.Separator().Heading($"{c.Title}").Facts(Facts(c, culture, withUnit: false));
        }
        if (cases.Count > MaxRows)
        {
            card.Text(CaseText.Format("MoreRows", culture, cases.Count - MaxRows), subtle: true);
        }
        return card.Execute(CaseText.Get("ReportAnother", culture), CaseVerbs.Report, validateInputs: false).Build();
    }

    /// <summary>City: what waits to be judged, oldest report first, a button on each.</summary>
    public static JsonObject Queue(IReadOnlyList<CaseView> waiting, CultureInfo culture)
    {
        var card = AdaptiveCardBuilder.Create().Title(CaseText.Get("QueueTitle", culture));
        if (waiting.Count == 0)
        {
            card.Text(CaseText.Get("QueueEmpty", culture), color: TextColor.Good);
        }
        foreach (var c in waiting.Take(MaxRows))
        {
            card.Element(new JsonObject
            {
                ["type"] = "Container",
                ["separator"] = true,
                ["items"] = new JsonArray(
                    new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["text"] = $"**{c.Unit(culture)}** · {c.Title}" },
                    new JsonObject { ["type"] = "TextBlock", ["wrap"] = true, ["isSubtle"] = true, ["spacing"] = "None",
                        ["text"] = $"{c.CaseNumber} · {EnforcementTypes.Label(c.EnforcementType, culture)} · {FlowTurn.Day(c.ReportedOn)}" },
                    new JsonObject { ["type"] = "ActionSet", ["actions"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "Action.Execute", ["title"] = CaseText.Get("JudgeOpen", culture), ["verb"] = CaseVerbs.Open, ["data"] = new JsonObject { ["caseId"] = c.Id },
                    }) }),
            });
        }
        if (waiting.Count > MaxRows)
        {
            card.Text(CaseText.Format("MoreRows", culture, waiting.Count - MaxRows), subtle: true);
        }
        return card.Build();
    }

    /// <summary>
    /// City: the case and the decision form: 合格/不合格, a toggle per criterion, the reason. The card
    /// carries the case id and the version it was made from.
    /// </summary>
    public static JsonObject JudgeForm(CaseView c, CultureInfo culture, IReadOnlyDictionary<string, string?>? values = null,
        IReadOnlyDictionary<string, string>? errors = null, string? topError = null)
    {
        string T(string k) => CaseText.Get(k, culture);
        var card = AdaptiveCardBuilder.Create(culture)
            .Title(CaseText.Format("JudgeTitle", culture, c.Unit(culture)))
            .Facts(Facts(c, culture, withUnit: false));
        if (topError is not null)
        {
            card.Error(topError);
        }
        card.Text(T("JudgeIntro"), subtle: true);
        var current = c.Qualification switch { CaseQualification.Qualified => Yes, CaseQualification.NotQualified => No, _ => null };
        card.ChoiceInput(Qualified, T("FieldDecision"), [(T("Decision.Qualified"), Yes), (T("Decision.NotQualified"), No)],
            values?.GetValueOrDefault(Qualified) ?? current, required: true, expanded: true, error: errors?.GetValueOrDefault(Qualified));
        for (var i = 0; i < CaseWorkflow.Criteria.Count; i++)
        {
            var id = CaseWorkflow.Criteria[i];
            var value = values?.GetValueOrDefault(id) is { } v ? v == "true" : c.Criteria[i] ?? true;
            card.Toggle(id, T("Criterion." + id), value);
            if (errors?.GetValueOrDefault(id) is { } e)
            {
                card.Error(e);
            }
        }
        card.TextInput(Reason, T("FieldReason"), values is null ? c.Reason : values.GetValueOrDefault(Reason), multiline: true,
            maxLength: CaseLimits.ReasonMax, error: errors?.GetValueOrDefault(Reason));
        return card.Execute(T("JudgeSubmit"), CaseVerbs.Judge, new JsonObject { ["caseId"] = c.Id, ["version"] = c.Version.ToString() }, ActionStyle.Positive)
            .Build();
    }

    public static JsonObject JudgeReceipt(CaseView c, string judge, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(CaseText.Format("JudgeTitle", culture, c.Unit(culture)))
            .Text(CaseText.Format("JudgeDone", culture, judge, CaseText.Get("Decision." + c.Qualification, culture)),
                color: c.Qualification == CaseQualification.Qualified ? TextColor.Good : TextColor.Warning, bold: true)
            .Facts(Facts(c, culture, withUnit: false))
            .Execute(CaseText.Get("QueueTitle", culture), CaseVerbs.Queue, validateInputs: false)
            .Build();

    /// <summary>To city staff: a unit reported a case.</summary>
    public static JsonObject ReportedNotice(CaseView c, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(CaseText.Get("ReportedNoticeTitle", culture))
            .Text(CaseText.Format("ReportedNoticeBody", culture, c.Unit(culture)))
            .Facts(Facts(c, culture, withUnit: false))
            .Execute(CaseText.Get("JudgeOpen", culture), CaseVerbs.Open, new JsonObject { ["caseId"] = c.Id }, validateInputs: false)
            .Build();

    /// <summary>To the unit's liaisons: the city's decision (or a changed one).</summary>
    public static JsonObject JudgedNotice(CaseView c, bool changed, CultureInfo culture) =>
        AdaptiveCardBuilder.Create()
            .Title(CaseText.Get(changed ? "RejudgedNoticeTitle" : "JudgedNoticeTitle", culture))
            .Text(CaseText.Format("JudgedNoticeBody", culture, c.Title, CaseText.Get("Decision." + c.Qualification, culture)),
                color: c.Qualification == CaseQualification.Qualified ? TextColor.Good : TextColor.Warning, bold: true)
            .Facts(Facts(c, culture, withUnit: false))
            .Execute(CaseText.Get("MyCases", culture), CaseVerbs.Mine, validateInputs: false)
            .Build();

    /// <summary>The facts of a case; the decision with, when not qualified, the criteria failed and the reason.</summary>
    public static List<(string, string)> Facts(CaseView c, CultureInfo culture, bool withUnit)
    {
        string T(string k) => CaseText.Get(k, culture);
        var facts = new List<(string, string)>();
        if (withUnit) facts.Add((T("FactUnit"), c.Unit(culture)));
        facts.Add((T("FieldTitle"), c.Title));
        facts.Add((T("FieldNumber"), c.CaseNumber));
        facts.Add((T("FieldReportedOn"), FlowTurn.Day(c.ReportedOn)));
        facts.Add((T("FieldType"), EnforcementTypes.Label(c.EnforcementType, culture)));
        facts.Add((T("FactDecision"), T("Decision." + c.Qualification)));
        if (c.Qualification == CaseQualification.NotQualified)
        {
            var failed = CaseWorkflow.Criteria.Where((_, i) => c.Criteria[i] == false).Select(id => T("Criterion." + id));
            facts.Add((T("FactFailed"), string.Join(culture.TwoLetterISOLanguageName == "en" ? ", " : "、", failed)));
        }
        if (c.Reason is { } r) facts.Add((T("FieldReason"), r));
        return facts;
    }
}
