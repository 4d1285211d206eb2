using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Flows.Plans;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Audit;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Visits;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>
/// A file sent in the chat while the sender's unit has a visit to prepare: checked (type, size), kept
/// (<see cref="FileStore"/>, owned by the unit) and answered with a card asking which material it is. A
/// spreadsheet while the plan can still be edited stays the plan's enterprise list (<see cref="PlanListUpload"/>).
/// </summary>
public sealed class MaterialsUpload(GuidanceDbContext db, VisitMaterialsQuery query, SentFileDownloader downloader,
    FileStore store, FlowGuard guard)
{
    /// <summary>True when the file was taken as a visit material (answered, stored or refused); false leaves it to the other flows.</summary>
    public async Task<bool> TryReceiveAsync(TurnContext turn, SentFile file, CancellationToken ct)
    {
        var person = turn.Person!;
        if (!FlowGuard.IsCounty(person) || await query.NextVisitIdAsync(person.UnitId, guard.ChinaToday, ct) is not { } visitId
            || await query.LoadAsync(visitId, ct) is not { IsOpen: true } vm)
        {
            return false;
        }
        var year = guard.CurrentYear;
        var editable = new[] { SubmissionStatus.Draft, SubmissionStatus.Returned };
        if (file.IsSpreadsheet && !await db.AnnualPlans.AnyAsync(p => p.UnitId == person.UnitId && p.Year == year && !editable.Contains(p.Status), ct))
        {
            return false;
        }

        var c = turn.Culture;
        var name = file.Name;
        if (MaterialFileRules.Check(name.Contains('.') ? name : name + "." + file.Extension, null, c) is { } badType)
        {
            await turn.ReplyAsync(badType.Message, ct);
            return true;
        }
        using var content = await downloader.DownloadAsync(file, MaterialFileRules.MaxBytes, ct);
        if (content is null)
        {
            await turn.ReplyAsync(MaterialsText.Format("DownloadFailed", c, name, MaterialFileRules.MaxBytes / 1024 / 1024), ct);
            return true;
        }
        if (MaterialFileRules.Check(name, content.Length, c) is { } badSize)
        {
            await turn.ReplyAsync(badSize.Message, ct);
            return true;
        }
        var contentType = MaterialFileRules.Types.GetValueOrDefault(file.Extension) ?? MaterialFileRules.Types[MaterialFileRules.Extension(name)];
        var stored = await store.KeepAsync(db, content, name, contentType, person.UnitId, person.Id, person.Name, MaterialFileRules.MaxBytes, $"visit {vm.VisitId}", ct);
        db.ChangeTracker.Clear();

        var approvalOpen = !file.IsSpreadsheet && !await db.PlanApprovals.AnyAsync(a => a.UnitId == person.UnitId && a.Year == year && !editable.Contains(a.Status), ct);
        await turn.ReplyAsync(MaterialsCards.FileReceived(vm, stored.Id, stored.FileName, stored.Length, approvalOpen, person.UnitId, c),
            MaterialsText.Get("FileReceivedTitle", c), ct);
        return true;
    }
}
