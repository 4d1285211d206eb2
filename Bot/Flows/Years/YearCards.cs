using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Years;
using F = GuidanceBot.Data.Years.YearFields;

namespace GuidanceBot.Bot.Flows.Years;

/// <summary>What a year card shows: the setup, its template's items, the units in scope and whether the year has a calendar.</summary>
public sealed record YearView(YearSetup Setup, CheckTemplate Template, IReadOnlyList<OrgUnit> Units, bool HasCalendar);

/// <summary>
/// The year setup cards: the review (dates, numbers, units, check items; edit and publish buttons), the deadlines form,
/// the check item chooser and form. Input ids are the workflow's field names (<see cref="YearFields"/>); the item being
/// edited travels as <c>itemCode</c>, since its <c>code</c> input may change it. Limits are <see cref="YearLimits"/>.
/// </summary>
public static class YearCards
{
    public const string ItemCode = "itemCode";

    private static string Day(DateOnly? d, CultureInfo c) => d is { } x ? x.ToString("yyyy-MM-dd ddd", c) : YearText.Get("Missing", c);

    private static JsonObject Data(YearSetup s, string? step = null, string? item = null)
    {
        var data = new JsonObject { ["year"] = s.Year, ["version"] = s.Version.ToString() };
        if (step is not null) data["step"] = step;
        if (item is not null) data[ItemCode] = item;
        return data;
    }

    /// <summary>The review card: everything the year's setup holds, the calendar's absence said, and what the admin can do.</summary>
    public static JsonObject Review(YearView v, CultureInfo c, string? notice = null, string? error = null)
    {
        string T(string k) => YearText.Get(k, c);
        var s = v.Setup;
        var card = AdaptiveCardBuilder.Create(c);
        if (notice is not null) card.Text(notice, color: TextColor.Good, bold: true);
        if (error is not null) card.Error(error);
        card.Title(YearText.Format("ReviewTitle", c, s.Year, T("Status" + s.Status)));
        if (!v.HasCalendar)
        {
            card.Text(YearText.Format("NoCalendar", c, s.Year), color: TextColor.Warning);
        }
        card.Facts([
            (T(F.PlanFilingDue), Day(s.PlanFilingDue, c)),
            (T(F.ApprovalFilingDue), Day(s.ApprovalFilingDue, c)),
            (T(F.PublicationDue), Day(s.PublicationDue, c)),
            (T(F.VisitsDoneBy), Day(s.VisitsDoneBy, c)),
            (T(F.ProgressWorkingDay), YearText.Format("NthWorkingDay", c, s.ProgressWorkingDay)),
            (T(F.LetterDueWorkingDays), YearText.Format("WorkingDays", c, s.LetterDueWorkingDays)),
            (T(F.RectificationWorkingDays), YearText.Format("WorkingDays", c, s.RectificationWorkingDays)),
            (T("Units"), string.Join(c.Name == "en-US" ? ", " : "、", v.Units.Select(u => FlowTurn.UnitName(u, c)))),
            (T("Template"), YearText.Format("TemplateLine", c, v.Template.Title, v.Template.Revision, v.Template.Areas.Sum(a => a.Items.Count))),
        ]);
        card.Table([T("Code"), T(F.Title), T(F.Materials)],
            v.Template.Areas.OrderBy(a => a.Order).SelectMany(a => a.Items.OrderBy(i => i.Order))
                .Select(i => (IReadOnlyList<string>)[i.Code, c.Name == "en-US" && i.TitleEn.Length > 0 ? i.TitleEn : i.Title, i.Materials.Count.ToString(CultureInfo.InvariantCulture)]),
            [1, 5, 1]);
        var buttons = new List<(string, string, JsonObject?)>
        {
            (T("EditDeadlines"), YearVerbs.Deadlines, Data(s)),
            (T("EditItem"), YearVerbs.Item, Data(s)),
            (T("EditUnits"), YearVerbs.Units, Data(s)),
        };
        if (s.Status == YearSetupStatus.Draft)
        {
            buttons.Add((T("Publish"), YearVerbs.Publish, Data(s)));
        }
        foreach (var (title, verb, data) in buttons)
        {
            card.Execute(title, verb, data, verb == YearVerbs.Publish ? ActionStyle.Positive : ActionStyle.Default, validateInputs: false);
        }
        return card.Build();
    }

    /// <summary>The deadlines and numbers form; <paramref name="values"/> are what was typed (by input id), else the setup's.</summary>
    public static JsonObject DeadlinesForm(YearView v, CultureInfo c, IReadOnlyDictionary<string, string?>? values = null, CardErrors? errors = null)
    {
        string T(string k) => YearText.Get(k, c);
        var s = v.Setup;
        errors ??= CardErrors.None;
        var card = AdaptiveCardBuilder.Create(c).Title(YearText.Format("DeadlinesTitle", c, s.Year));
        if (!v.HasCalendar)
        {
            card.Text(YearText.Format("NoCalendar", c, s.Year), color: TextColor.Warning);
        }
        if (errors.General is { } general) card.Error(general);
        DateOnly? DateOf(string f) => values?.GetValueOrDefault(f) is { } typed ? GuidanceBot.Data.Rules.FieldLimits.ParseDate(typed) : YearSetupWorkflow.Deadline(s, f);
        foreach (var f in YearSetupWorkflow.DeadlineFields)
        {
            card.DateInput(f, T(f), DateOf(f), required: true, error: errors[f]);
        }
        decimal? NumberOf(string f, int current) => values?.GetValueOrDefault(f) is { } typed && decimal.TryParse(typed, CultureInfo.InvariantCulture, out var n) ? n : current;
        card.NumberInput(F.ProgressWorkingDay, T(F.ProgressWorkingDay), NumberOf(F.ProgressWorkingDay, s.ProgressWorkingDay), true, 1, YearLimits.ProgressWorkingDayMax, errors[F.ProgressWorkingDay]);
        card.NumberInput(F.LetterDueWorkingDays, T(F.LetterDueWorkingDays), NumberOf(F.LetterDueWorkingDays, s.LetterDueWorkingDays), true, 1, YearLimits.LetterDueWorkingDaysMax, errors[F.LetterDueWorkingDays]);
        card.NumberInput(F.RectificationWorkingDays, T(F.RectificationWorkingDays), NumberOf(F.RectificationWorkingDays, s.RectificationWorkingDays), true, 1, YearLimits.RectificationWorkingDaysMax, errors[F.RectificationWorkingDays]);
        card.Execute(T("Save"), YearVerbs.Deadlines, Data(s, "save"), ActionStyle.Positive);
        card.Execute(T("Back"), YearVerbs.Show, Data(s), validateInputs: false);
        return card.Build();
    }

    /// <summary>
    /// The counties in scope: one check box per county unit in use (<paramref name="counties"/>), the year's ticked;
    /// <paramref name="chosen"/> is what was sent (unit codes), shown again with the refusal under the input.
    /// </summary>
    public static JsonObject UnitsForm(YearView v, IReadOnlyList<OrgUnit> counties, CultureInfo c, IReadOnlyList<string>? chosen = null, CardErrors? errors = null)
    {
        string T(string k) => YearText.Get(k, c);
        errors ??= CardErrors.None;
        var card = AdaptiveCardBuilder.Create(c).Title(YearText.Format("UnitsTitle", c, v.Setup.Year));
        if (errors.General is { } general) card.Error(general);
        var value = string.Join(',', chosen ?? [.. v.Units.Select(u => u.Code)]);
        return card
            .ChoiceInput(F.UnitCodes, T("Units"), counties.Select(u => (FlowTurn.UnitName(u, c), u.Code)), value, multiSelect: true, error: errors[F.UnitCodes])
            .Execute(T("Save"), YearVerbs.Units, Data(v.Setup, "save"), ActionStyle.Positive, validateInputs: false)
            .Execute(T("Back"), YearVerbs.Show, Data(v.Setup), validateInputs: false)
            .Build();
    }

    /// <summary>Which check item to edit.</summary>
    public static JsonObject ItemChooser(YearView v, CultureInfo c)
    {
        string T(string k) => YearText.Get(k, c);
        var items = v.Template.Areas.OrderBy(a => a.Order).SelectMany(a => a.Items.OrderBy(i => i.Order)).ToList();
        return AdaptiveCardBuilder.Create(c)
            .Title(YearText.Format("ItemChooserTitle", c, v.Setup.Year))
            .ChoiceInput(ItemCode, T(F.Title), items.Select(i => ($"{i.Code} {i.Title}", i.Code)), items.FirstOrDefault()?.Code, required: true)
            .Execute(T("EditItem"), YearVerbs.Item, Data(v.Setup, "edit"), ActionStyle.Positive)
            .Execute(T("Back"), YearVerbs.Show, Data(v.Setup), validateInputs: false)
            .Build();
    }

    /// <summary>One check item's form: code, titles, criteria, materials (one per line) and how the city assesses it.</summary>
    public static JsonObject ItemForm(YearView v, CheckItem item, CultureInfo c, IReadOnlyDictionary<string, string?>? values = null, CardErrors? errors = null)
    {
        string T(string k) => YearText.Get(k, c);
        errors ??= CardErrors.None;
        string? Value(string f, string? current) => values is not null && values.TryGetValue(f, out var typed) ? typed : current;
        var card = AdaptiveCardBuilder.Create(c).Title(YearText.Format("ItemTitle", c, v.Setup.Year, item.Code));
        if (errors.General is { } general) card.Error(general);
        card.Text(T("ItemVersionNote"), subtle: true)
            .TextInput(F.Code, T("Code"), Value(F.Code, item.Code), required: true, maxLength: YearLimits.CodeMax, error: errors[F.Code])
            .TextInput(F.Title, T(F.Title), Value(F.Title, item.Title), required: true, maxLength: YearLimits.TitleMax, error: errors[F.Title])
            .TextInput(F.TitleEn, T(F.TitleEn), Value(F.TitleEn, item.TitleEn), maxLength: YearLimits.TitleMax, error: errors[F.TitleEn])
            .TextInput(F.Criteria, T(F.Criteria), Value(F.Criteria, item.Criteria), required: true, multiline: true, maxLength: YearLimits.CriteriaMax, error: errors[F.Criteria])
            .TextInput(F.Materials, T(F.Materials), Value(F.Materials, string.Join('\n', item.Materials)), multiline: true, error: errors[F.Materials])
            .TextInput(F.CityAssessment, T(F.CityAssessment), Value(F.CityAssessment, item.CityAssessment), maxLength: YearLimits.TitleMax, error: errors[F.CityAssessment])
            .Execute(T("Save"), YearVerbs.Item, Data(v.Setup, "save", item.Code), ActionStyle.Positive)
            .Execute(T("Back"), YearVerbs.Show, Data(v.Setup), validateInputs: false);
        return card.Build();
    }
}
