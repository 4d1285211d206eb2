using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Data.Units;

namespace GuidanceBot.Bot.Nudges;

/// <summary>What a deadline nudge is about.</summary>
public enum DeadlineSubject
{
    Plan,
    Approval,
    Publication,
    Report,
}

/// <summary>Where a deadline stands on the day of the nudge: days left (&gt; 0), due today (0) or days late (&lt; 0).</summary>
public readonly record struct DeadlinePosition(int WorkingDaysLeft)
{
    public bool IsOverdue => WorkingDaysLeft < 0;
}

/// <summary>
/// The nudge cards: each says what is due, for which unit, by when and what to do next, with a button that
/// opens the right form. Texts come from <see cref="NudgeText"/> in the recipient's language.
/// </summary>
public static class NudgeCards
{
    public static string UnitName(OrgUnit unit, CultureInfo culture) =>
        culture.Name.StartsWith("en", StringComparison.Ordinal) ? unit.NameEn ?? unit.Name : unit.Name;

    public static string What(DeadlineSubject subject, CultureInfo culture) => NudgeText.Get(subject switch
    {
        DeadlineSubject.Plan => "WhatPlan",
        DeadlineSubject.Approval => "WhatApproval",
        DeadlineSubject.Publication => "WhatPublication",
        _ => "WhatReport",
    }, culture);

    public static string Verb(DeadlineSubject subject) => subject switch
    {
        DeadlineSubject.Plan => Verbs.FilePlan,
        DeadlineSubject.Approval => Verbs.FileApproval,
        DeadlineSubject.Publication => Verbs.FilePublication,
        _ => Verbs.FileRectification,
    };

    private static string Button(DeadlineSubject subject, CultureInfo culture) => NudgeText.Get(subject switch
    {
        DeadlineSubject.Plan => "ButtonPlan",
        DeadlineSubject.Approval => "ButtonApproval",
        DeadlineSubject.Publication => "ButtonPublication",
        _ => "ButtonReport",
    }, culture);

    /// <summary>A filing or a rectification report before, on or after its deadline, to the unit's liaisons.</summary>
    public static Activity Deadline(OrgUnit unit, DeadlineSubject subject, DateOnly due, DeadlinePosition position,
        JsonObject data, CultureInfo culture, string? letterNumber = null)
    {
        string T(string name) => NudgeText.Get(name, culture);
        var what = What(subject, culture);
        var unitName = UnitName(unit, culture);
        var title = position.WorkingDaysLeft switch
        {
            > 0 => NudgeText.Format("DeadlineTitleBefore", culture, what, position.WorkingDaysLeft),
            0 => NudgeText.Format("DeadlineTitleDue", culture, what),
            _ => NudgeText.Format("DeadlineTitleOverdue", culture, what, -position.WorkingDaysLeft),
        };
        var item = subject == DeadlineSubject.Report && letterNumber is not null
            ? NudgeText.Format("ReportItem", culture, letterNumber)
            : what;

        var card = AdaptiveCardBuilder.Create()
            .Title(title)
            .Text(NudgeText.Format("DeadlineBody", culture, unitName, what, NudgeText.Date(due, culture)))
            .Facts([
                (T("FactUnit"), unitName),
                (T("FactItem"), item),
                (T("FactDueBy"), NudgeText.Date(due, culture)),
                (T("FactStatus"), Status(position, culture)),
            ])
            .Text(subject == DeadlineSubject.Report ? T("NextReport") : NudgeText.Format("NextFiling", culture, what), bold: true)
            .Execute(Button(subject, culture), Verb(subject), data, ActionStyle.Positive)
            .Build();
        return NudgeMessage.Create(card, title, culture);
    }

    /// <summary>The weekly escalation of an overdue rectification report, to city staff.</summary>
    public static Activity Escalation(OrgUnit unit, string letterNumber, DateOnly due, int workingDaysOverdue, CultureInfo culture)
    {
        string T(string name) => NudgeText.Get(name, culture);
        var unitName = UnitName(unit, culture);
        var title = T("EscalationTitle");
        var card = AdaptiveCardBuilder.Create()
            .Title(title)
            .Text(NudgeText.Format("EscalationBody", culture, unitName, letterNumber, NudgeText.Date(due, culture), workingDaysOverdue))
            .Facts([
                (T("FactUnit"), unitName),
                (T("FactItem"), NudgeText.Format("ReportItem", culture, letterNumber)),
                (T("FactDueBy"), NudgeText.Date(due, culture)),
                (T("FactStatus"), Status(new DeadlinePosition(-workingDaysOverdue), culture)),
            ])
            .Text(T("EscalationNext"), bold: true)
            .Execute(T("ButtonStatus"), Verbs.StatusOverview, new JsonObject { ["unitId"] = unit.Id })
            .Build();
        return NudgeMessage.Create(card, title, culture);
    }

    /// <summary>An issued letter not acknowledged in time, to the unit's liaisons.</summary>
    public static Activity Unacknowledged(OrgUnit unit, int letterId, string letterNumber, DateOnly issuedOn, DateOnly acknowledgeBy,
        int withinWorkingDays, DateOnly reportDeadline, CultureInfo culture)
    {
        string T(string name) => NudgeText.Get(name, culture);
        var unitName = UnitName(unit, culture);
        var title = T("AckTitle");
        var card = AdaptiveCardBuilder.Create()
            .Title(title)
            .Text(NudgeText.Format("AckBody", culture, letterNumber, NudgeText.Date(issuedOn, culture), withinWorkingDays))
            .Facts([
                (T("FactUnit"), unitName),
                (T("FactItem"), NudgeText.Format("AckItem", culture, letterNumber)),
                (T("FactDueBy"), NudgeText.Date(acknowledgeBy, culture)),
            ])
            .Text(NudgeText.Format("AckNext", culture, NudgeText.Date(reportDeadline, culture)), bold: true)
            .Execute(T("ButtonAck"), NudgeVerbs.AcknowledgeLetter, new JsonObject { ["letterId"] = letterId }, ActionStyle.Positive)
            .Build();
        return NudgeMessage.Create(card, title, culture);
    }

    /// <summary>A returned submission not resubmitted in time, to the unit's liaisons.</summary>
    public static Activity Returned(OrgUnit unit, DeadlineSubject subject, DateOnly returnedOn, DateOnly resubmitBy, int withinWorkingDays,
        string? reason, JsonObject data, CultureInfo culture)
    {
        string T(string name) => NudgeText.Get(name, culture);
        var unitName = UnitName(unit, culture);
        var what = What(subject, culture);
        var title = NudgeText.Format("ReturnedTitle", culture, what);
        var builder = AdaptiveCardBuilder.Create()
            .Title(title)
            .Text(NudgeText.Format("ReturnedBody", culture, unitName, what, NudgeText.Date(returnedOn, culture), withinWorkingDays));
        if (!string.IsNullOrWhiteSpace(reason))
        {
            builder.Text(NudgeText.Format("ReturnedReason", culture, reason), subtle: true);
        }
        var card = builder
            .Facts([
                (T("FactUnit"), unitName),
                (T("FactItem"), what),
                (T("FactDueBy"), NudgeText.Date(resubmitBy, culture)),
            ])
            .Text(T("ReturnedNext"), bold: true)
            .Execute(T("ButtonResubmit"), Verb(subject), data, ActionStyle.Positive)
            .Build();
        return NudgeMessage.Create(card, title, culture);
    }

    /// <summary>A guidance visit in the coming week: city staff arrange it, the unit's liaisons prepare for it.</summary>
    public static Activity VisitUpcoming(OrgUnit unit, int visitId, DateOnly start, bool forCity, CultureInfo culture)
    {
        string T(string name) => NudgeText.Get(name, culture);
        var unitName = UnitName(unit, culture);
        var title = NudgeText.Format("VisitTitle", culture, unitName);
        var builder = AdaptiveCardBuilder.Create()
            .Title(title)
            .Text(NudgeText.Format("VisitBody", culture, NudgeText.Date(start, culture), unitName))
            .Facts([
                (T("FactUnit"), unitName),
                (T("FactItem"), T("VisitItem")),
                (T("FactDueBy"), NudgeText.Date(start, culture)),
            ])
            .Text(T(forCity ? "VisitNextCity" : "VisitNextCounty"), bold: true);
        if (forCity)
        {
            builder.Execute(T("ButtonVisit"), Verbs.ScheduleVisit, new JsonObject { ["visitId"] = visitId });
        }
        else
        {
            builder.Execute(T("ButtonDeadlines"), Verbs.MyDeadlines);
        }
        return NudgeMessage.Create(builder.Build(), title, culture);
    }

    /// <summary>From October: the units not yet guided this year and the days left, to city staff.</summary>
    public static Activity Unguided(IReadOnlyList<(OrgUnit Unit, int? PlannedMonth)> units, DateOnly deadline, int daysLeft, CultureInfo culture)
    {
        string T(string name) => NudgeText.Get(name, culture);
        var title = NudgeText.Format("UnguidedTitle", culture, NudgeText.Date(deadline, culture), daysLeft);
        var builder = AdaptiveCardBuilder.Create()
            .Title(title)
            .Text(NudgeText.Format("UnguidedBody", culture, units.Count, NudgeText.Date(deadline, culture)));
        foreach (var (unit, month) in units)
        {
            builder.Text("• " + (month is { } m
                ? NudgeText.Format("UnguidedLine", culture, UnitName(unit, culture), m)
                : NudgeText.Format("UnguidedLineUnplanned", culture, UnitName(unit, culture))));
        }
        var card = builder
            .Text(T("UnguidedNext"), bold: true)
            .Execute(T("ButtonStatus"), Verbs.StatusOverview)
            .Build();
        return NudgeMessage.Create(card, title, culture);
    }

    private static string Status(DeadlinePosition position, CultureInfo culture) => position.WorkingDaysLeft switch
    {
        > 0 => NudgeText.Format("StatusDaysLeft", culture, position.WorkingDaysLeft),
        0 => NudgeText.Get("StatusDueToday", culture),
        _ => NudgeText.Format("StatusOverdue", culture, -position.WorkingDaysLeft),
    };
}
