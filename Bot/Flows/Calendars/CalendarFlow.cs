using System.Globalization;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.Calendars;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Workflows;

namespace GuidanceBot.Bot.Flows.Calendars;

/// <summary>
/// 日历 2027 / calendar 2027: the city admin opens a year's holiday arrangement, enters or corrects it and saves —
/// through <see cref="CalendarWorkflow"/>, the same step as <c>PUT /api/v1/calendars/{year}</c>. Anyone else is refused.
/// </summary>
public sealed class CalendarFlow(GuidanceDbContext db, CalendarWorkflow calendars, FlowGuard guard) : ITurnHandler
{
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Person!.Role != PersonRole.CityAdmin)
        {
            return await guard.RefuseAsync(turn, CalendarCards.Verb, Refusal.Role, ct);
        }
        var c = turn.Culture;
        var input = CardInput.From(turn);
        var year = turn.IsInvoke() ? input.Int("year") : TypedYear(turn.Text);
        if (year is null && !turn.IsInvoke() && turn.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length > 1)
        {
            return await turn.RefuseAsync(400, "calendar.year", CalendarText.Get("CalendarYearUnreadable", c), ct);
        }
        var shown = year ?? guard.CurrentYear;

        if (input.Step != "save")
        {
            var stored = await CalendarStore.FindAsync(db, shown, ct);
            return await turn.ShowAsync(CalendarCards.Form(shown, stored, CalendarCards.From(stored?.Year), new Dictionary<string, string>(), c),
                CalendarText.Format("CalendarTitle", c, shown), ct);
        }

        var values = new CalendarCards.Values(input.Text(CalendarFields.Title), input.Text(CalendarFields.DocumentNumber), input.Text(CalendarFields.Issued),
            input.Text(CalendarFields.Url), input.Text(CalendarFields.DaysOff), input.Text(CalendarFields.ExtraWorkingDays));
        var outcome = await calendars.SaveAsync(new CalendarInput(shown,
            new CalendarSourceInput(values.Title, values.DocumentNumber, values.Issued, values.Url),
            CalendarCards.ReadDaysOff(values.DaysOff), CalendarCards.ReadDays(values.ExtraWorkingDays)), turn.Actor(), ct);
        if (outcome.Status == WorkflowStatus.Forbidden)
        {
            return await guard.RefuseAsync(turn, CalendarCards.Verb, Refusal.Role, ct);
        }
        var now = await CalendarStore.FindAsync(db, shown, ct);
        return outcome.Succeeded
            ? await turn.ShowAsync(CalendarCards.Form(shown, now, CalendarCards.From(now?.Year), new Dictionary<string, string>(), c, saved: true), CalendarText.Format("CalendarSaved", c, shown), ct)
            : await turn.ShowAsync(CalendarCards.Form(shown, now, values, CalendarCards.Errors(outcome.Errors, c), c), CalendarText.Format("CalendarTitle", c, shown), ct);
    }

    /// <summary>The year typed after the command ("日历 2027"); null when none or not a number.</summary>
    private static int? TypedYear(string text) =>
        text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is [_, var y, ..] && int.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
}
