using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Messaging;
using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Units;
using GuidanceBot.Data.Workflows;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.People;

/// <summary>Limits of the people steps.</summary>
public static class PeopleLimits
{
    /// <summary>The reason every administration step is audited with.</summary>
    public const int ReasonMax = 500;
}

/// <summary>Field names of the people steps: the API's JSON names and the admin card's input ids.</summary>
public static class PeopleFields
{
    public const string Reason = "reason";
    public const string Version = "version";
    public const string Role = "role";
    public const string Unit = "unitId";
    public const string Successor = "successorId";
    public const string Language = "language";
}

/// <summary>The two languages a person may choose (DESIGN.md's language rule: their choice wins).</summary>
public static class PersonLanguages
{
    public const string Chinese = "zh-CN";
    public const string English = "en-US";

    /// <summary>What a person typed or a card sent (zh-CN, zh, 中文, Chinese; en-US, en, English, 英文…) → zh-CN / en-US; null otherwise.</summary>
    public static string? Parse(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }
        if (t is "中文" or "汉语" or "简体中文" or "中" || t.StartsWith("zh", StringComparison.OrdinalIgnoreCase)
            || t.Equals("chinese", StringComparison.OrdinalIgnoreCase))
        {
            return Chinese;
        }
        if (t is "英文" or "英语" or "英" || t.StartsWith("en", StringComparison.OrdinalIgnoreCase))
        {
            return English;
        }
        return null;
    }
}

/// <summary>
/// An administration step on one person, as the caller sent it: the person, the version of their row the caller saw,
/// the reason (required, audited), and what the step needs — a new role or unit (change), a successor (hand-over; a
/// deactivation or a change of unit may name one to hand over in the same step).
/// </summary>
public sealed record PersonChange(int PersonId, Guid? Version, string? Reason, PersonRole? Role = null, int? UnitId = null, int? SuccessorId = null);

/// <summary>
/// People administration for both doors (<c>/api/v1/people/{id}/…</c> and the chat's people card), city admin only:
/// deactivate, reactivate, change role or unit, hand a person's open work to a successor; and each person's own
/// language. Every step checks every field at once, needs a reason, compares the version seen, and writes its audit
/// entry (with the reason) in its transaction.
/// <para>What a hand-over moves (docs/decisions.md, "People administration"): the open 周交办 items the person owns
/// (owner id and name to the successor), and the messages still queued to them (cancelled: each was rendered for them,
/// in their language, and the successor is told by the same rules from now on — notices go to the unit's active
/// liaisons (<see cref="Recipients"/>), nudges are planned each day for the active people). Their own conversations
/// with the bot are theirs and stay: nothing to a unit goes to a conversation, only to people.</para>
/// </summary>
public sealed class PeopleWorkflow(GuidanceDbContext db, TimeProvider time)
{
    public const string DeactivateAction = "person.deactivate";
    public const string ReactivateAction = "person.reactivate";
    public const string ChangeAction = "person.change";
    public const string HandOverAction = "person.handover";
    public const string LanguageAction = "person.language";

    private static readonly PersonRole[] CountyRoles = [PersonRole.CountyLiaison, PersonRole.CountyResponsible];

    /// <summary>Deactivates the person; with a successor, hands their open work over in the same step.</summary>
    public Task<WorkflowResult> DeactivateAsync(PersonChange change, Actor actor, CancellationToken ct = default) =>
        StepAsync(change, actor, DeactivateAction, successorRequired: false,
            validate: async (person, check, ct) =>
            {
                if (!person.IsActive)
                {
                    check.Add(DomainError.Create("person.already_inactive", actor.Language));
                }
                else if (person.Role == PersonRole.CityAdmin && !await OtherActiveAdminAsync(person.Id, ct))
                {
                    check.Add(DomainError.Create("person.last_admin", actor.Language));
                }
            },
            apply: async (person, successor, ct) =>
            {
                person.IsActive = false;
                var moved = successor is null ? 0 : await MoveOpenItemsAsync(person, successor, ct);
                var cancelled = await CancelQueuedAsync(person.Id, ct);
                return $"queued cancelled {cancelled}" + (successor is null ? "" : $"; {moved} open items → #{successor.Id} {successor.Name}");
            }, ct);

    public Task<WorkflowResult> ReactivateAsync(PersonChange change, Actor actor, CancellationToken ct = default) =>
        StepAsync(change, actor, ReactivateAction, successorRequired: false,
            validate: async (person, check, ct) =>
            {
                if (person.IsActive)
                {
                    check.Add(DomainError.Create("person.already_active", actor.Language));
                }
                else if (!await db.Units.AnyAsync(u => u.Id == person.UnitId && u.IsActive, ct))
                {
                    check.Add("person.unit_inactive", PeopleFields.Unit);
                }
            },
            apply: (person, _, _) =>
            {
                person.IsActive = true;
                person.UnreachableSinceUtc = null;
                return Task.FromResult("active");
            }, ct);

    /// <summary>A new role, unit or both. A person leaving a unit with open items of it names a successor there, who takes them in the same step.</summary>
    public Task<WorkflowResult> ChangeAsync(PersonChange change, Actor actor, CancellationToken ct = default) =>
        StepAsync(change, actor, ChangeAction, successorRequired: false,
            validate: async (person, check, ct) =>
            {
                var role = change.Role ?? person.Role;
                var unitId = change.UnitId ?? person.UnitId;
                if (change.Role is { } asked && !Enum.IsDefined(asked))
                {
                    check.Add("invite.role_required", PeopleFields.Role);
                    return;
                }
                var unit = await db.Units.AsNoTracking().FirstOrDefaultAsync(u => u.Id == unitId && u.IsActive, ct);
                if (unit is null)
                {
                    check.Add("invite.unit_required", PeopleFields.Unit);
                }
                else if ((unit.Level == UnitLevel.County) != CountyRoles.Contains(role))
                {
                    check.Add("invite.role_unit", PeopleFields.Role);
                }
                if (role == person.Role && unitId == person.UnitId)
                {
                    check.Add("person.nothing_changed", PeopleFields.Role);
                }
                if (unitId != person.UnitId && change.SuccessorId is null && await OpenItemsAsync(person.Id, ct) is > 0 and var open)
                {
                    check.Add("person.successor_needed", PeopleFields.Successor, open);
                }
                if (check.IsValid && person.Role == PersonRole.CityAdmin && role != PersonRole.CityAdmin && person.IsActive && !await OtherActiveAdminAsync(person.Id, ct))
                {
                    check.Add("person.last_admin", PeopleFields.Role);
                }
            },
            apply: async (person, successor, ct) =>
            {
                var (role, unitId) = (change.Role ?? person.Role, change.UnitId ?? person.UnitId);
                var moved = successor is null ? 0 : await MoveOpenItemsAsync(person, successor, ct);
                var details = $"{person.Role} → {role}; unit #{person.UnitId} → #{unitId}" + (successor is null ? "" : $"; {moved} open items → #{successor.Id} {successor.Name}");
                person.Role = role;
                person.UnitId = unitId;
                return details;
            }, ct);

    /// <summary>Hands the person's open work to a successor of the same unit (both stay as they are otherwise).</summary>
    public Task<WorkflowResult> HandOverAsync(PersonChange change, Actor actor, CancellationToken ct = default) =>
        StepAsync(change, actor, HandOverAction, successorRequired: true,
            validate: (_, _, _) => Task.CompletedTask,
            apply: async (person, successor, ct) =>
            {
                var moved = await MoveOpenItemsAsync(person, successor!, ct);
                var cancelled = await CancelQueuedAsync(person.Id, ct);
                return $"{moved} open items → #{successor!.Id} {successor.Name}; queued cancelled {cancelled}";
            }, ct);

    /// <summary>
    /// The actor's own language (the menu's button, the <c>语言</c> command): kept on their row, audited <c>person.language</c>
    /// when it changes; every card and notice to them follows it from the next turn. <see cref="WorkflowResult.Detail"/> is
    /// the language now chosen.
    /// </summary>
    public async Task<WorkflowResult> SetLanguageAsync(Actor actor, string? language, CancellationToken ct = default)
    {
        if (PersonLanguages.Parse(language) is not { } chosen)
        {
            return WorkflowResult.Refused(DomainError.Create("person.language_unknown", actor.Language, PeopleFields.Language));
        }
        if (actor.PersonId is not { } id)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.person_only", actor.Language));
        }
        try
        {
            var person = await db.People.FirstOrDefaultAsync(p => p.Id == id && p.IsActive, ct);
            if (person is null)
            {
                return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", actor.Language, null, new Resources.TextRef("entity.Person")));
            }
            if (person.PreferredLanguage != chosen)
            {
                var before = person.PreferredLanguage;
                person.PreferredLanguage = chosen;
                db.AuditLog.Add(AuditEntries.For(actor, LanguageAction, nameof(Person), person.Id, person.UnitId, time.GetUtcNow().UtcDateTime,
                    details: $"{before ?? "-"} → {chosen}"));
                await db.SaveChangesAsync(ct);
            }
            return WorkflowResult.Done(person.Version, chosen, person.Id);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// The shape of every administration step: the admin's right, every field checked at once (reason, version, successor,
    /// and the step's own <paramref name="validate"/>), then the version seen and the change (<paramref name="apply"/>, which
    /// returns the audit details) with its audit entry in one transaction. Nothing is written unless all of it holds.
    /// </summary>
    private async Task<WorkflowResult> StepAsync(PersonChange change, Actor actor, string action, bool successorRequired,
        Func<Person, InputCheck, CancellationToken, Task> validate, Func<Person, Person?, CancellationToken, Task<string>> apply, CancellationToken ct)
    {
        var culture = actor.Language;
        if (actor.Role != PersonRole.CityAdmin)
        {
            return WorkflowResult.Forbidden(DomainError.Create("auth.admin_only", culture));
        }
        var target = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == change.PersonId, ct);
        if (target is null)
        {
            return WorkflowResult.NotFound(DomainError.Create("workflow.not_found", culture, null, new Resources.TextRef("entity.Person")));
        }
        if (change.Version is { } seen && seen != target.Version)
        {
            // A card or request older than the row: stale before anything else (the runner compares again in the transaction).
            return WorkflowResult.Conflict(DomainError.Create("workflow.conflict", culture, PeopleFields.Version));
        }
        var check = new InputCheck(culture);
        var reason = check.Text(PeopleFields.Reason, change.Reason, PeopleLimits.ReasonMax);
        if (change.Version is null)
        {
            check.Add("field.required", PeopleFields.Version);
        }
        Person? successor = null;
        if (change.SuccessorId is { } successorId)
        {
            successor = await db.People.AsNoTracking().FirstOrDefaultAsync(p => p.Id == successorId, ct);
            if (successor is null)
            {
                check.Add("person.successor_unknown", PeopleFields.Successor);
            }
            else if (successor.Id == target.Id)
            {
                check.Add("person.successor_self", PeopleFields.Successor);
            }
            else if (successor.UnitId != target.UnitId)
            {
                check.Add("person.successor_unit", PeopleFields.Successor);
            }
            else if (!successor.IsActive)
            {
                check.Add("person.successor_inactive", PeopleFields.Successor);
            }
        }
        else if (successorRequired)
        {
            check.Add("person.successor_required", PeopleFields.Successor);
        }
        await validate(target, check, ct);
        if (!check.IsValid)
        {
            return WorkflowResult.Refused(check.Errors);
        }

        // Checked on the row as read; the version seen (compared in the transaction) guarantees it is still that row.
        string? details = null;
        var runner = new WorkflowRunner(db, time);
        var result = await runner.RunAsync(
            load: ct => db.People.FirstOrDefaultAsync(p => p.Id == change.PersonId, ct),
            entityName: nameof(Person), seenVersion: change.Version!.Value, actor,
            step: async (person, ct) =>
            {
                details = await apply(person, successor, ct);
                return null;
            },
            audit: person => AuditEntries.For(actor, action, nameof(Person), person.Id, person.UnitId, runner.UtcNow, reason, details),
            ct);
        return result with { Id = change.PersonId };
    }

    private Task<bool> OtherActiveAdminAsync(int personId, CancellationToken ct) =>
        db.People.AnyAsync(p => p.Id != personId && p.IsActive && p.Role == PersonRole.CityAdmin, ct);

    private Task<int> OpenItemsAsync(int personId, CancellationToken ct) =>
        db.Assignments.CountAsync(a => a.OwnerPersonId == personId && a.ClosedOn == null, ct);

    /// <summary>The open 周交办 items the person owns go to the successor (tracked: saved with the step).</summary>
    private async Task<int> MoveOpenItemsAsync(Person person, Person successor, CancellationToken ct)
    {
        var items = await db.Assignments.Where(a => a.OwnerPersonId == person.Id && a.ClosedOn == null).ToListAsync(ct);
        foreach (var item in items)
        {
            item.OwnerPersonId = successor.Id;
            item.OwnerName = successor.Name;
        }
        return items.Count;
    }

    /// <summary>Messages still waiting to go to the person are not sent (inside the step's transaction).</summary>
    private async Task<int> CancelQueuedAsync(int personId, CancellationToken ct)
    {
        var queued = await db.DeliveryLedger.Where(e => e.PersonId == personId && e.Status == DeliveryStatus.Pending).ToListAsync(ct);
        foreach (var entry in queued)
        {
            entry.Status = DeliveryStatus.Cancelled;
            entry.LastError = "recipient deactivated or handed over";
        }
        return queued.Count;
    }
}
