using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Data.Tracking;

/// <summary>
/// Puts items on the 周交办月讲评 list and takes them off. Both steps are idempotent by subject key, and both
/// only stage changes on the caller's context, so they commit with the change that caused them.
/// </summary>
public sealed class AssignmentTracker(GuidanceDbContext db)
{
    public async Task<AssignmentItem> OpenAsync(
        int unitId, int year, AssignmentKind kind, string subjectKey, string title,
        DateOnly assignedOn, DateOnly dueDate, int? ownerPersonId = null, string? ownerName = null,
        CancellationToken ct = default)
    {
        var item = db.Assignments.Local.FirstOrDefault(a => a.SubjectKey == subjectKey)
                   ?? await db.Assignments.FirstOrDefaultAsync(a => a.SubjectKey == subjectKey, ct);
        if (item is null)
        {
            item = new AssignmentItem { SubjectKey = subjectKey, Title = title };
            db.Assignments.Add(item);
            item.AssignedOn = assignedOn;
        }

        // Re-opening an item (a returned rectification) keeps its first assignment date.
        item.UnitId = unitId;
        item.Year = year;
        item.Kind = kind;
        item.Title = title;
        item.DueDate = dueDate;
        item.OwnerPersonId = ownerPersonId;
        item.OwnerName = ownerName;
        item.ClosedOn = null;
        return item;
    }

    /// <summary>Closes the item if it is open; closing twice keeps the first date.</summary>
    public async Task CloseAsync(string subjectKey, DateOnly closedOn, CancellationToken ct = default)
    {
        var item = db.Assignments.Local.FirstOrDefault(a => a.SubjectKey == subjectKey)
                   ?? await db.Assignments.FirstOrDefaultAsync(a => a.SubjectKey == subjectKey, ct);
        if (item is { ClosedOn: null })
        {
            item.ClosedOn = closedOn;
        }
    }

    /// <summary>
    /// An item accepted as in progress: open until confirmed done, due the day promised (the list shows that date and counts it
    /// overdue after it). Nothing when the item is not on the list.
    /// </summary>
    public async Task PromiseAsync(string subjectKey, DateOnly promisedOn, CancellationToken ct = default)
    {
        var item = db.Assignments.Local.FirstOrDefault(a => a.SubjectKey == subjectKey)
                   ?? await db.Assignments.FirstOrDefaultAsync(a => a.SubjectKey == subjectKey, ct);
        if (item is not null)
        {
            (item.DueDate, item.ClosedOn) = (promisedOn, null);
        }
    }

    public static string LetterProblemKey(int letterProblemId) => $"LetterProblem:{letterProblemId}";

    /// <summary>A letter problem's line on the list (a Chinese document): the letter's number, the problem's order and its first 60 characters.</summary>
    public static string LetterProblemTitle(string number, int order, string problem) =>
        $"{number} 问题{order}: {(problem.Length > 60 ? problem[..60] + "…" : problem)}";
    public static string RectificationReportKey(int letterId) => $"RectificationReport:{letterId}";
    public static string MissingFilingKey(string what, int unitId, int year) => $"MissingFiling:{what}:{unitId}:{year}";
}
