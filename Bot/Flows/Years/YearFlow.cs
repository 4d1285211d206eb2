using System.Globalization;
using System.Text.RegularExpressions;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data.Years;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Years.YearFields;

namespace GuidanceBot.Bot.Flows.Years;

/// <summary>
/// The city admin's year setup in chat: "open 2027" / "开启2027年度" opens the year (<see cref="YearSetupWorkflow.OpenAsync"/>)
/// and answers with the review card; "year 2027" / "年度2027" shows it. From the card: the deadlines form, a check item's
/// form, publish. Every step is the workflow's; this handler reads the card and shows the answer. Anyone but the city
/// admin is refused (audited), whatever the card says.
/// </summary>
public sealed partial class YearFlow(GuidanceDbContext db, YearSetupWorkflow workflow, WorkingDayCalendar calendar, FlowGuard guard) : ITurnHandler
{
    [GeneratedRegex(@"(?<![0-9])([0-9]{4})(?![0-9])")]
    private static partial Regex YearPattern();

    [GeneratedRegex(@"^\s*(open|开启)", RegexOptions.IgnoreCase)]
    private static partial Regex OpenCommand();

    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var invoke = turn.IsInvoke();
        var verb = invoke ? turn.Activity.GetAdaptiveCardAction()?.Verb ?? YearVerbs.Show
            : OpenCommand().IsMatch(turn.Text) ? YearVerbs.Open : YearVerbs.Show;
        if (turn.Person!.Role != PersonRole.CityAdmin)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Role, ct);
        }
        var input = CardInput.From(turn);
        var c = turn.Culture;
        var year = invoke ? input.Int(F.Year)
            : YearPattern().Match(turn.Text) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)
            : verb == YearVerbs.Open ? guard.ChinaToday.Year + 1 : guard.ChinaToday.Year;

        switch (verb)
        {
            case YearVerbs.Open:
                return await OpenAsync(turn, year, ct);
            case YearVerbs.Show:
                return await ShowAsync(turn, year, null, null, ct);
        }

        if (year is not { } y || await ViewAsync(y, ct) is not { } view)
        {
            return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
        }
        var version = input.Guid("version") ?? Guid.Empty;
        var actor = turn.Actor();
        switch (verb, input.Step)
        {
            case (YearVerbs.Deadlines, "save"):
            {
                var values = new[] { F.PlanFilingDue, F.ApprovalFilingDue, F.PublicationDue, F.VisitsDoneBy, F.ProgressWorkingDay, F.LetterDueWorkingDays, F.RectificationWorkingDays }
                    .ToDictionary(f => f, input.Text);
                var unreadable = YearSetupWorkflow.DeadlineFields.Select(f => input.DateRefusal(f, YearText.Get(f, c), c)).OfType<DomainError>().ToList();
                var settings = new YearSettings(input.Date(F.PlanFilingDue), input.Date(F.ApprovalFilingDue), input.Date(F.PublicationDue), input.Date(F.VisitsDoneBy),
                    input.Int(F.ProgressWorkingDay), input.Int(F.LetterDueWorkingDays), input.Int(F.RectificationWorkingDays));
                var result = unreadable.Count > 0 ? WorkflowResult.Refused(unreadable) : await workflow.UpdateAsync(y, settings, version, actor, ct);
                if (!result.Succeeded)
                {
                    return await guard.FailedAsync(turn, verb, result, ct, YearVerbs.Show, Reopen(y),
                        form: errors => YearCards.DeadlinesForm(view, c, values, errors));
                }
                return await ShowAsync(turn, y, YearText.Get("Saved", c), null, ct);
            }
            case (YearVerbs.Deadlines, _):
                return await turn.ShowAsync(YearCards.DeadlinesForm(view, c), YearText.Format("DeadlinesTitle", c, y), ct);

            case (YearVerbs.Units, "save"):
            {
                // Every code as sent: an empty choice or a unit not in use is the workflow's refusal, under the input.
                var chosen = input.List(F.UnitCodes);
                var result = await workflow.UpdateAsync(y, new YearSettings(UnitCodes: chosen), version, actor, ct);
                if (!result.Succeeded)
                {
                    var counties = await CountiesAsync(ct);
                    return await guard.FailedAsync(turn, verb, result, ct, YearVerbs.Show, Reopen(y),
                        form: errors => YearCards.UnitsForm(view, counties, c, chosen, errors));
                }
                return await ShowAsync(turn, y, YearText.Get("Saved", c), null, ct);
            }
            case (YearVerbs.Units, _):
                return await turn.ShowAsync(YearCards.UnitsForm(view, await CountiesAsync(ct), c), YearText.Format("UnitsTitle", c, y), ct);

            case (YearVerbs.Item, "edit" or "save"):
            {
                var code = input.Text(YearCards.ItemCode);
                var item = view.Template.Areas.SelectMany(a => a.Items).FirstOrDefault(i => i.Code == code);
                if (item is null)
                {
                    return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
                }
                if (input.Step == "edit")
                {
                    return await turn.ShowAsync(YearCards.ItemForm(view, item, c), YearText.Format("ItemTitle", c, y, code), ct);
                }
                var values = new[] { F.Code, F.Title, F.TitleEn, F.Criteria, F.Materials, F.CityAssessment }.ToDictionary(f => f, input.Text);
                var materials = values[F.Materials]?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [];
                // Materials kept by position keep their English names and on-file sources; the form edits the Chinese names.
                var changed = new TemplateItemDocument(values[F.Code], values[F.Title], values[F.TitleEn], values[F.Criteria], materials,
                    [.. item.MaterialsEn.Take(materials.Length)], [.. item.MaterialSources.Take(materials.Length)], values[F.CityAssessment]);
                var result = await workflow.EditItemAsync(y, code, changed, version, actor, ct);
                if (!result.Succeeded)
                {
                    return await guard.FailedAsync(turn, verb, result, ct, YearVerbs.Show, Reopen(y),
                        form: errors => YearCards.ItemForm(view, item, c, values, errors), inputId: MaterialInput);
                }
                return await ShowAsync(turn, y, YearText.Format("ItemSaved", c, changed.Code), null, ct);
            }
            case (YearVerbs.Item, _):
                return await turn.ShowAsync(YearCards.ItemChooser(view, c), YearText.Format("ItemChooserTitle", c, y), ct);

            case (YearVerbs.Publish, _):
            {
                var result = await workflow.PublishAsync(y, version, actor, ct);
                if (!result.Succeeded)
                {
                    // What is missing is named on the review card, each part by its label.
                    return result.Status == WorkflowStatus.Refused
                        ? await ShowAsync(turn, y, null, string.Join(" ", result.Errors.Select(e => e.Field is { } f && f != "status" ? $"{Label(f, c)}: {e.Message}" : e.Message)), ct)
                        : await guard.FailedAsync(turn, verb, result, ct, YearVerbs.Show, Reopen(y));
                }
                return await ShowAsync(turn, y, YearText.Format("Published", c, y), null, ct);
            }
        }
        return await guard.RefuseAsync(turn, verb, Refusal.Record, ct);
    }

    /// <summary>A material's own field (materials[2]) shows under the materials input.</summary>
    private static string MaterialInput(string field) => field.StartsWith(F.Materials + "[", StringComparison.Ordinal) ? F.Materials : field;

    private static string Label(string field, CultureInfo c) =>
        field is F.PlanFilingDue or F.ApprovalFilingDue or F.PublicationDue or F.VisitsDoneBy or F.UnitCodes ? YearText.Get(field == F.UnitCodes ? "Units" : field, c)
        : field == F.Template ? YearText.Get("Template", c) : field;

    private static System.Text.Json.Nodes.JsonObject Reopen(int year) => new() { ["year"] = year };

    private async Task<InvokeResponse?> OpenAsync(TurnContext turn, int? year, CancellationToken ct)
    {
        var c = turn.Culture;
        var result = await workflow.OpenAsync(year, turn.Actor(), ct);
        if (result.Succeeded)
        {
            return await ShowAsync(turn, year!.Value, YearText.Format("Opened", c, year), null, ct);
        }
        if (result.Status == WorkflowStatus.Refused && year is { } y && await ViewAsync(y, ct) is not null)
        {
            // The year exists: why it cannot be opened again, above the setup as it is.
            return await ShowAsync(turn, y, null, result.Message(c), ct);
        }
        return result.Status == WorkflowStatus.Refused
            ? await turn.RefuseAsync(400, result.Error!.Code, result.Message(c), ct)
            : await guard.FailedAsync(turn, YearVerbs.Open, result, ct);
    }

    private async Task<InvokeResponse?> ShowAsync(TurnContext turn, int? year, string? notice, string? error, CancellationToken ct)
    {
        var c = turn.Culture;
        if (year is not { } y || await ViewAsync(y, ct) is not { } view)
        {
            var message = YearText.Format("NoSetup", c, year ?? guard.ChinaToday.Year);
            return await turn.RefuseAsync(404, "year.not_found", message, ct);
        }
        return await turn.ShowAsync(YearCards.Review(view, c, notice, error), YearText.Format("ReviewTitle", c, y, YearText.Get("Status" + view.Setup.Status, c)), ct);
    }

    /// <summary>The county units in use: the choices of the units form.</summary>
    private Task<List<GuidanceBot.Data.Units.OrgUnit>> CountiesAsync(CancellationToken ct) =>
        db.Units.AsNoTracking().Where(u => u.IsActive && u.Level == GuidanceBot.Data.Units.UnitLevel.County).OrderBy(u => u.SortOrder).ToListAsync(ct);

    private async Task<YearView?> ViewAsync(int year, CancellationToken ct)
    {
        var setup = await db.YearSetups.AsNoTracking().FirstOrDefaultAsync(s => s.Year == year, ct);
        if (setup is null)
        {
            return null;
        }
        var template = await db.CheckTemplates.AsNoTracking().Include(t => t.Areas).ThenInclude(a => a.Items).AsSplitQuery()
            .FirstAsync(t => t.Id == setup.CheckTemplateId, ct);
        var units = await db.Units.AsNoTracking().Where(u => setup.UnitIds.Contains(u.Id)).OrderBy(u => u.SortOrder).ToListAsync(ct);
        return new YearView(setup, template, units, calendar.HasArrangement(year));
    }
}
