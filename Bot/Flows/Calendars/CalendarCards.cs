using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Data.Calendars;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Bot.Flows.Calendars;

/// <summary>
/// The city admin's calendar card: the year's notice, its days off as lines of text (<c>名称 开始 结束</c>) and its make-up
/// working days, and the "weekends only" line every card that counts working days shows for a year without an arrangement.
/// Input ids are the workflow's field names (<see cref="CalendarFields"/>); a row's refusal shows under its text area.
/// </summary>
public static class CalendarCards
{
    public const string Verb = "calendar.edit";

    /// <summary>What the form shows: as stored, or as typed when a save was refused.</summary>
    public sealed record Values(string? Title, string? DocumentNumber, string? Issued, string? Url, string? DaysOff, string? ExtraWorkingDays);

    public static Values From(CalendarYear? year) => year is null
        ? new(null, null, null, null, null, null)
        : new(year.Source?.Title, year.Source?.DocumentNumber, year.Source?.Issued is { } d ? Day(d) : null, year.Source?.Url?.ToString(),
            string.Join("\n", year.Holidays.OrderBy(h => h.First).Select(h => h.First == h.Last ? $"{h.Name} {Day(h.First)}" : $"{h.Name} {Day(h.First)} {Day(h.Last)}")),
            string.Join(" ", year.ExtraWorkingDays.Order().Select(Day)));

    public static JsonObject Form(int year, CalendarView? stored, Values values, IReadOnlyDictionary<string, string> errors, CultureInfo c, bool saved = false)
    {
        string T(string k) => CalendarText.Get(k, c);
        var card = AdaptiveCardBuilder.Create(c)
            .Title(CalendarText.Format("CalendarTitle", c, year))
            .Text(T("CalendarIntro"), subtle: true);
        if (saved)
        {
            card.Text(CalendarText.Format("CalendarSaved", c, year), color: TextColor.Good, bold: true);
        }
        card.Text(stored switch
        {
            null => CalendarText.Format("CalendarNone", c, year),
            { Origin: CalendarOrigin.Shipped } => CalendarText.Format("CalendarShipped", c, stored.Year.Source?.DocumentNumber ?? stored.Year.Source?.Title ?? "—"),
            _ => CalendarText.Format("CalendarEntered", c, ChinaTime.Local(stored.UpdatedUtc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
        }, subtle: stored is not null, color: stored is null ? TextColor.Warning : TextColor.Default);
        if (errors.GetValueOrDefault("") is { } general)
        {
            card.Error(general);
        }
        return card
            .TextInput(CalendarFields.Title, T("CalendarSourceTitle"), values.Title, required: true, maxLength: CalendarLimits.TitleMax, error: errors.GetValueOrDefault(CalendarFields.Title))
            .TextInput(CalendarFields.DocumentNumber, T("CalendarDocumentNumber"), values.DocumentNumber, maxLength: CalendarLimits.DocumentNumberMax, error: errors.GetValueOrDefault(CalendarFields.DocumentNumber))
            .DateInput(CalendarFields.Issued, T("CalendarIssued"), FieldLimits.ParseDate(values.Issued), error: errors.GetValueOrDefault(CalendarFields.Issued))
            .TextInput(CalendarFields.Url, T("CalendarUrl"), values.Url, maxLength: FieldLimits.UrlMax, error: errors.GetValueOrDefault(CalendarFields.Url))
            .TextInput(CalendarFields.DaysOff, T("CalendarDaysOff"), values.DaysOff, required: true, multiline: true, placeholder: T("CalendarDaysOffHint"), error: errors.GetValueOrDefault(CalendarFields.DaysOff))
            .TextInput(CalendarFields.ExtraWorkingDays, T("CalendarExtra"), values.ExtraWorkingDays, multiline: true, placeholder: "2027-01-31 2027-02-20", error: errors.GetValueOrDefault(CalendarFields.ExtraWorkingDays))
            .Execute(T("CalendarSave"), Verb, new JsonObject { ["step"] = "save", ["year"] = year }, ActionStyle.Positive)
            .Build();
    }

    /// <summary>
    /// The card's days-off text as the workflow's rows: one run per line, <c>名称 开始 [结束]</c> (a single date is a one-day
    /// run; 至, ~ and ～ may stand between the dates). What a line holds beyond that goes to the workflow as it is, to be refused.
    /// </summary>
    public static IReadOnlyList<CalendarDayOffInput?> ReadDaysOff(string? text) =>
        [.. (text ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Replace('至', ' ').Replace('~', ' ').Replace('～', ' ').Replace('\u3000', ' ')
                .Split(' ', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            return parts switch
            {
                [var name, var day] => new CalendarDayOffInput(name, day, day),
                [var name, var first, var last] => new CalendarDayOffInput(name, first, last),
                [var name] => new CalendarDayOffInput(name, null, null),
                [var name, var first, .. var rest] => new CalendarDayOffInput(name, first, string.Join(" ", rest)),
                _ => null,
            };
        })];

    /// <summary>The make-up days typed, split on spaces, commas (, ， 、), semicolons and new lines.</summary>
    public static IReadOnlyList<string?> ReadDays(string? text) =>
        [.. (text ?? "").Split([' ', '\n', '\r', '\t', ',', '，', '、', ';', '；', '\u3000'], StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>
    /// A workflow refusal under its input: a row's (<c>daysOff[2].last</c>) under the text area, prefixed with its line.
    /// </summary>
    public static Dictionary<string, string> Errors(IEnumerable<DomainError> errors, CultureInfo c)
    {
        var shown = new Dictionary<string, string>();
        foreach (var e in errors)
        {
            var field = e.Field ?? "";
            var input = CalendarFields.Input(field);
            // A days-off row is a line of the text area; a make-up day's message names the date itself.
            var message = input == CalendarFields.DaysOff && field.IndexOf('[') is > 0 and var open && int.TryParse(field[(open + 1)..field.IndexOf(']')], CultureInfo.InvariantCulture, out var index)
                ? CalendarText.Format("CalendarLine", c, index + 1, e.Message)
                : e.Message;
            input = input is CalendarFields.Title or CalendarFields.DocumentNumber or CalendarFields.Issued or CalendarFields.Url or CalendarFields.DaysOff or CalendarFields.ExtraWorkingDays ? input : "";
            shown[input] = shown.TryGetValue(input, out var before) ? $"{before} {message}" : message;
        }
        return shown;
    }

    /// <summary>
    /// The line every card that counts working days shows for a year without an arrangement (only weekends are days off
    /// then); null when every year given has one.
    /// </summary>
    public static string? WeekendsOnly(WorkingDayCalendar calendar, CultureInfo c, params int[] years) =>
        years.Distinct().Order().Where(y => !calendar.HasArrangement(y)).ToList() is { Count: > 0 } missing
            ? CalendarText.Format("WeekendsOnly", c, string.Join("、", missing))
            : null;

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
