using System.Globalization;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Templates;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;
using F = GuidanceBot.Data.Years.YearFields;

namespace GuidanceBot.Data.Years;

/// <summary>The year's dates and numbers as the client sent them; a null leaves the value as it is.</summary>
public sealed record YearSettings(
    DateOnly? PlanFilingDue = null, DateOnly? ApprovalFilingDue = null, DateOnly? PublicationDue = null, DateOnly? VisitsDoneBy = null,
    int? ProgressWorkingDay = null, int? LetterDueWorkingDays = null, int? RectificationWorkingDays = null, IReadOnlyList<string?>? UnitCodes = null);

/// <summary>
/// The year's setup (年度工作方案), for both doors (the API's <c>/years</c> and the chat's year cards), the city admin's
/// alone. Open: copies the latest earlier year — deadlines moved to the same working day (<see cref="SameWorkingDay"/>),
/// the numbers, the units, the check template as version 1 of the new year — as a draft. Edit: dates and numbers,
/// one check item, or the whole template; a template version that a visit, a finding or a letter has used is never
/// changed in place: the edit makes the next version and the setup points to it. Publish: every deadline given,
/// each a working day of the year, units and check items present; from then nudges and new visits follow it.
/// Every refusal names its field and writes nothing.
/// </summary>
public sealed class YearSetupWorkflow(GuidanceDbContext db, WorkingDayCalendar calendar, TimeProvider time)
{
    public const string OpenAction = "year.open", UpdateAction = "year.update", ItemAction = "year.item_edit",
        TemplateAction = "year.template_import", PublishAction = "year.publish";

    private readonly WorkflowRunner runner = new(db, time);

    private static readonly (string Field, Func<YearSetup, DateOnly?> Get, Action<YearSetup, DateOnly?> Set, Func<YearSettings, DateOnly?> From)[] Deadlines =
    [
        (F.PlanFilingDue, s => s.PlanFilingDue, (s, d) => s.PlanFilingDue = d, x => x.PlanFilingDue),
        (F.ApprovalFilingDue, s => s.ApprovalFilingDue, (s, d) => s.ApprovalFilingDue = d, x => x.ApprovalFilingDue),
        (F.PublicationDue, s => s.PublicationDue, (s, d) => s.PublicationDue = d, x => x.PublicationDue),
        (F.VisitsDoneBy, s => s.VisitsDoneBy, (s, d) => s.VisitsDoneBy = d, x => x.VisitsDoneBy),
    ];

    /// <summary>The deadline fields in the order cards and the API list them.</summary>
    public static IReadOnlyList<string> DeadlineFields { get; } = [.. Deadlines.Select(d => d.Field)];

    public static DateOnly? Deadline(YearSetup setup, string field) => Deadlines.First(d => d.Field == field).Get(setup);

    private static WorkflowResult? AdminOnly(Actor actor) =>
        actor.Role == PersonRole.CityAdmin ? null : WorkflowResult.Forbidden(DomainError.Create("auth.city_admin_only", actor.Language));

    /// <summary>Opens <paramref name="year"/> from the latest earlier year: <see cref="WorkflowResult.Id"/> is the new setup.</summary>
    public async Task<WorkflowResult> OpenAsync(int? year, Actor actor, CancellationToken ct = default)
    {
        if (AdminOnly(actor) is { } forbidden)
        {
            return forbidden;
        }
        var culture = actor.Language;
        var check = new InputCheck(culture);
        if (check.Required(F.Year, year) is not { } y)
        {
            return WorkflowResult.Refused(check.Errors);
        }
        if (!FieldLimits.IsYear(y))
        {
            return WorkflowResult.Refused(FieldLimits.YearOutOfRange(F.Year, culture, F.Year));
        }
        if (await db.YearSetups.AnyAsync(s => s.Year == y, ct))
        {
            return WorkflowResult.Refused(DomainError.Create("setup.exists", culture, F.Year, y));
        }
        var source = await db.YearSetups.AsNoTracking().Where(s => s.Year < y).OrderByDescending(s => s.Year)
            .Include(s => s.Template!).ThenInclude(t => t.Areas).ThenInclude(a => a.Items).FirstOrDefaultAsync(ct);
        if (source is null)
        {
            return WorkflowResult.Refused(DomainError.Create("setup.no_source", culture, F.Year, y));
        }

        var revision = await db.CheckTemplates.Where(t => t.Year == y).MaxAsync(t => (int?)t.Revision, ct) ?? 0;
        var setup = new YearSetup
        {
            Year = y,
            Status = YearSetupStatus.Draft,
            ProgressWorkingDay = source.ProgressWorkingDay,
            LetterDueWorkingDays = source.LetterDueWorkingDays,
            RectificationWorkingDays = source.RectificationWorkingDays,
            UnitIds = [.. source.UnitIds],
            Template = CheckTemplates.Copy(source.Template!, y, revision + 1,
                source.Template!.Title.Replace(source.Year.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
        };
        foreach (var d in Deadlines)
        {
            d.Set(setup, d.Get(source) is { } date ? SameWorkingDay.Move(date, y + (date.Year - source.Year), calendar) : null);
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            db.YearSetups.Add(setup);
            await db.SaveChangesAsync(ct);
            // Visits planned for the year before it had a setup take this template.
            await db.Visits.Where(v => v.Year == y && v.CheckTemplateId == null)
                .ExecuteUpdateAsync(u => u.SetProperty(v => v.CheckTemplateId, setup.CheckTemplateId), ct);
            db.AuditLog.Add(AuditEntries.For(actor, OpenAction, nameof(YearSetup), setup.Id, null, runner.UtcNow, details: $"from {source.Year}"));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return WorkflowResult.Done(setup.Version, id: setup.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Changes the dates and numbers given: each deadline a working day of the year, each number in its range, units county units.</summary>
    public async Task<WorkflowResult> UpdateAsync(int year, YearSettings settings, Guid seenVersion, Actor actor, CancellationToken ct = default)
    {
        if (AdminOnly(actor) is { } forbidden)
        {
            return forbidden;
        }
        var check = new InputCheck(actor.Language);
        foreach (var d in Deadlines)
        {
            if (d.From(settings) is { } date)
            {
                CheckDeadline(year, d.Field, date, check);
            }
        }
        Number(F.ProgressWorkingDay, settings.ProgressWorkingDay, YearLimits.ProgressWorkingDayMax, check);
        Number(F.LetterDueWorkingDays, settings.LetterDueWorkingDays, YearLimits.LetterDueWorkingDaysMax, check);
        Number(F.RectificationWorkingDays, settings.RectificationWorkingDays, YearLimits.RectificationWorkingDaysMax, check);
        List<int>? unitIds = null;
        if (settings.UnitCodes is { } codes)
        {
            // By code, as both doors show units; only county units in use.
            var counties = await db.Units.Where(u => u.IsActive && u.Level == UnitLevel.County).ToDictionaryAsync(u => u.Code, u => u.Id, ct);
            var unknown = codes.Where(code => code is null || !counties.ContainsKey(code)).Select(code => code?.Trim() ?? "").ToList();
            if (codes.Count == 0)
            {
                check.Add("setup.units", F.UnitCodes);
            }
            else if (unknown.Count > 0)
            {
                check.Add("setup.unknown_unit", F.UnitCodes, unknown[0]);
            }
            else
            {
                unitIds = [.. codes.Select(code => counties[code!])];
            }
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        return await runner.RunAsync<YearSetup>(
            token => db.YearSetups.SingleOrDefaultAsync(s => s.Year == year, token),
            nameof(YearSetup), seenVersion, actor,
            (setup, _) =>
            {
                foreach (var d in Deadlines)
                {
                    if (d.From(settings) is { } date)
                    {
                        d.Set(setup, date);
                    }
                }
                setup.ProgressWorkingDay = settings.ProgressWorkingDay ?? setup.ProgressWorkingDay;
                setup.LetterDueWorkingDays = settings.LetterDueWorkingDays ?? setup.LetterDueWorkingDays;
                setup.RectificationWorkingDays = settings.RectificationWorkingDays ?? setup.RectificationWorkingDays;
                if (unitIds is { } units)
                {
                    setup.UnitIds = [.. units.Distinct().Order()];
                }
                return Task.FromResult<DomainError?>(null);
            },
            setup => AuditEntries.For(actor, UpdateAction, nameof(YearSetup), setup.Id, null, runner.UtcNow, details: Describe(setup)),
            ct);
    }

    /// <summary>
    /// Changes one check item (found by <paramref name="code"/>): what the document gives replaces it, its code included
    /// (unique in the template). In a version already used, the change goes into the next version.
    /// </summary>
    public async Task<WorkflowResult> EditItemAsync(int year, string? code, TemplateItemDocument? item, Guid seenVersion, Actor actor, CancellationToken ct = default)
    {
        if (AdminOnly(actor) is { } forbidden)
        {
            return forbidden;
        }
        var culture = actor.Language;
        var check = new InputCheck(culture);
        var current = await db.YearSetups.AsNoTracking().Where(s => s.Year == year).Select(s => (int?)s.CheckTemplateId).FirstOrDefaultAsync(ct);
        var items = current is null ? [] : await db.ItemsOf(current).AsNoTracking().ToListAsync(ct);
        var existing = items.FirstOrDefault(i => i.Code == code?.Trim());
        if (current is not null && existing is null)
        {
            return WorkflowResult.Refused(DomainError.Create("setup.item_unknown", culture, F.Code, year, code ?? ""));
        }
        var changed = CheckTemplates.BuildItem(item, existing?.Order ?? 1, check, f => f);
        if (changed is not null && items.Any(i => i.Code == changed.Code && i.Id != existing!.Id))
        {
            check.Add("setup.duplicate_code", F.Code, changed.Code, changed.Code);
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        return await runner.RunAsync<YearSetup>(
            token => db.YearSetups.SingleOrDefaultAsync(s => s.Year == year, token),
            nameof(YearSetup), seenVersion, actor,
            async (setup, token) =>
            {
                var template = await EditableTemplateAsync(setup, token);
                var target = template.Areas.SelectMany(a => a.Items).Single(i => i.Code == existing!.Code);
                (target.Code, target.Title, target.TitleEn, target.Criteria, target.CityAssessment) =
                    (changed!.Code, changed.Title, changed.TitleEn, changed.Criteria, changed.CityAssessment);
                (target.Materials, target.MaterialsEn, target.MaterialSources) = (changed.Materials, changed.MaterialsEn, changed.MaterialSources);
                db.Entry(setup).State = EntityState.Modified; // a new version of the setup: cards showing the old item are stale
                return null;
            },
            setup => AuditEntries.For(actor, ItemAction, nameof(YearSetup), setup.Id, null, runner.UtcNow, details: $"{existing!.Code} → {changed!.Code}: {changed.Title}"),
            ct);
    }

    /// <summary>Replaces the whole template (an import): checked like any template; a used version is kept and the import becomes the next one.</summary>
    public async Task<WorkflowResult> ImportTemplateAsync(int year, TemplateDocument? document, Guid seenVersion, Actor actor, CancellationToken ct = default)
    {
        if (AdminOnly(actor) is { } forbidden)
        {
            return forbidden;
        }
        var check = new InputCheck(actor.Language);
        var built = CheckTemplates.Build(document, year, 0, check);
        if (built is null)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        return await runner.RunAsync<YearSetup>(
            token => db.YearSetups.Include(s => s.Template!).ThenInclude(t => t.Areas).ThenInclude(a => a.Items).SingleOrDefaultAsync(s => s.Year == year, token),
            nameof(YearSetup), seenVersion, actor,
            async (setup, token) =>
            {
                if (await CheckTemplates.IsUsedAsync(db, setup.CheckTemplateId, token))
                {
                    await PinVisitsAsync(setup, token);
                    built.Revision = await NextRevisionAsync(year, token);
                    setup.Template = built;
                }
                else
                {
                    setup.Template!.Title = built.Title;
                    db.RemoveRange(setup.Template.Areas);
                    setup.Template.Areas = built.Areas;
                }
                db.Entry(setup).State = EntityState.Modified;
                return null;
            },
            setup => AuditEntries.For(actor, TemplateAction, nameof(YearSetup), setup.Id, null, runner.UtcNow,
                details: $"{built.Areas.Sum(a => a.Items.Count)} items"),
            ct);
    }

    /// <summary>Publishes a complete setup; each missing or wrong part is named.</summary>
    public async Task<WorkflowResult> PublishAsync(int year, Guid seenVersion, Actor actor, CancellationToken ct = default)
    {
        if (AdminOnly(actor) is { } forbidden)
        {
            return forbidden;
        }
        var culture = actor.Language;
        var seen = await db.YearSetups.AsNoTracking().FirstOrDefaultAsync(s => s.Year == year, ct);
        if (seen is null)
        {
            return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef("entity." + nameof(YearSetup))));
        }
        if (seen.Version != seenVersion)
        {
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, "version"));
        }
        if (seen.Status == YearSetupStatus.Published)
        {
            return WorkflowResult.Refused(DomainError.Create("setup.already_published", culture, "status", year));
        }
        var check = new InputCheck(culture);
        foreach (var d in Deadlines)
        {
            if (d.Get(seen) is { } date)
            {
                CheckDeadline(year, d.Field, date, check);
            }
            else
            {
                check.Add("setup.required_to_publish", d.Field);
            }
        }
        if (seen.UnitIds.Count == 0)
        {
            check.Add("setup.units", F.UnitCodes);
        }
        if (!await db.ItemsOf(seen.CheckTemplateId).AnyAsync(ct))
        {
            check.Add("setup.template_empty", F.Template);
        }
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        return await runner.RunAsync<YearSetup>(
            token => db.YearSetups.SingleOrDefaultAsync(s => s.Year == year, token),
            nameof(YearSetup), seenVersion, actor,
            async (setup, token) =>
            {
                setup.Status = YearSetupStatus.Published;
                setup.PublishedUtc = runner.UtcNow;
                await db.Visits.Where(v => v.Year == year && v.CheckTemplateId == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(v => v.CheckTemplateId, setup.CheckTemplateId), token);
                return null;
            },
            setup => AuditEntries.For(actor, PublishAction, nameof(YearSetup), setup.Id, null, runner.UtcNow, details: Describe(setup)),
            ct);
    }

    /// <summary>A deadline must be a working day of its year (the working day on or after it is suggested).</summary>
    private void CheckDeadline(int year, string field, DateOnly date, InputCheck check)
    {
        if (date.Year != year)
        {
            check.Add("setup.deadline_year", field, Iso(date), year);
        }
        else if (!calendar.IsWorkingDay(date))
        {
            check.Add("setup.deadline_not_working_day", field, Iso(date), Iso(calendar.WorkingDayOnOrAfter(date)));
        }
    }

    private static void Number(string field, int? value, int max, InputCheck check)
    {
        if (value is { } n && (n < 1 || n > max))
        {
            check.Add("setup.number_range", field, 1, max);
        }
    }

    /// <summary>The setup's current template, tracked, ready to change: itself when unused, else a copy as the next version.</summary>
    private async Task<CheckTemplate> EditableTemplateAsync(YearSetup setup, CancellationToken ct)
    {
        var template = await db.CheckTemplates.Include(t => t.Areas).ThenInclude(a => a.Items).SingleAsync(t => t.Id == setup.CheckTemplateId, ct);
        if (!await CheckTemplates.IsUsedAsync(db, template.Id, ct))
        {
            return template;
        }
        await PinVisitsAsync(setup, ct);
        var next = CheckTemplates.Copy(template, setup.Year, await NextRevisionAsync(setup.Year, ct));
        setup.Template = next;
        return next;
    }

    /// <summary>Before the year moves to a new version, its visits not pinned yet keep the one they have been reading.</summary>
    private Task<int> PinVisitsAsync(YearSetup setup, CancellationToken ct) =>
        db.Visits.Where(v => v.Year == setup.Year && v.CheckTemplateId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.CheckTemplateId, setup.CheckTemplateId), ct);

    private async Task<int> NextRevisionAsync(int year, CancellationToken ct) =>
        (await db.CheckTemplates.Where(t => t.Year == year).MaxAsync(t => (int?)t.Revision, ct) ?? 0) + 1;

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(YearSetup s) => string.Join("; ",
        Deadlines.Select(d => $"{d.Field} {(d.Get(s) is { } x ? Iso(x) : "-")}")
            .Append($"progress day {s.ProgressWorkingDay}; letter {s.LetterDueWorkingDays}; rectification {s.RectificationWorkingDays}; units {s.UnitIds.Count}"));
}
