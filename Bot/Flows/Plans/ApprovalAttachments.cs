using System.Globalization;
using System.Text.Json.Nodes;
using GuidanceBot.Bot.Cards;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Bot.Protocol;
using GuidanceBot.Bot.Turns;
using GuidanceBot.Data.Files;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Workflows;
using GuidanceBot.Data;
using Microsoft.EntityFrameworkCore;

namespace GuidanceBot.Bot.Flows.Plans;

/// <summary>
/// The approval's documents as files sent in the chat: the bot keeps the file (<see cref="FileStore"/>, owned
/// by the sender's unit) and asks whether it is the approval (批复/批示) or the filing (报备) document; the
/// answer attaches it to this year's approval draft. A card naming another unit's file is refused.
/// </summary>
public sealed class ApprovalAttachments(GuidanceDbContext db, SubmissionWorkflow workflow, SentFileDownloader downloader, FileStore store, FlowGuard guard) : ITurnHandler
{
    public const string Verb = "approval.attach";
    public const long MaxBytes = 20 * 1024 * 1024;
    private static readonly Dictionary<string, string> Types = new()
    {
        ["pdf"] = "application/pdf",
        ["ofd"] = "application/ofd",
        ["doc"] = "application/msword",
        ["docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["jpg"] = "image/jpeg",
        ["jpeg"] = "image/jpeg",
        ["png"] = "image/png",
    };

    /// <summary>A document arrived in the chat: keep it and ask what it is.</summary>
    public async Task ReceiveAsync(TurnContext turn, SentFile file, CancellationToken ct)
    {
        var c = turn.Culture;
        var person = turn.Person!;
        if (!FlowGuard.IsCounty(person))
        {
            await guard.RefuseAsync(turn, Verb, Refusal.Role, ct, new JsonObject { ["file"] = file.Name }); // answered in the chat
            return;
        }
        if (!Types.TryGetValue(file.Extension, out var contentType))
        {
            await turn.ReplyAsync(PlanText.Format("FileTypeUnsupported", c, file.Name), ct);
            return;
        }
        using var content = await downloader.DownloadAsync(file, MaxBytes, ct);
        if (content is null)
        {
            await turn.ReplyAsync(PlanText.Format("ListDownloadFailed", c, file.Name, MaxBytes / 1024 / 1024), ct);
            return;
        }
        var stored = await store.KeepAsync(db, content, file.Name, contentType, person.UnitId, person.Id, person.Name, MaxBytes, cancellationToken: ct);

        string T(string k) => PlanText.Get(k, c);
        var card = AdaptiveCardBuilder.Create()
            .Title(T("FileReceivedTitle"))
            .Text(PlanText.Format("FileReceived", c, stored.FileName, Math.Max(1, stored.Length / 1024)))
            .Execute(T("AttachAsApproval"), Verb, new JsonObject { ["fileId"] = stored.Id.ToString(), ["slot"] = "approval", ["unitId"] = person.UnitId }, validateInputs: false)
            .Execute(T("AttachAsFiling"), Verb, new JsonObject { ["fileId"] = stored.Id.ToString(), ["slot"] = "filing", ["unitId"] = person.UnitId }, validateInputs: false)
            .Build();
        await turn.ReplyAsync(card, T("FileReceivedTitle"), ct);
    }

    /// <summary>The answer: attach the file to this year's approval draft.</summary>
    public async Task<InvokeResponse?> HandleAsync(TurnContext turn, CancellationToken ct)
    {
        var input = CardInput.From(turn);
        if (await guard.CheckCountyAsync(turn, Verb, ct) is { } refused)
        {
            return refused.Response;
        }
        var c = turn.Culture;
        var person = turn.Person!;
        var slot = input.Text("slot");
        var fileId = input.Guid("fileId");
        var file = fileId is null ? null : await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == fileId, ct);
        if (await guard.CheckRecordAsync(turn, Verb, file?.UnitId, ct) is { } notOurs)
        {
            return notOurs.Response;
        }
        if (slot is not ("approval" or "filing"))
        {
            return await guard.RefuseAsync(turn, Verb, Refusal.Record, ct);
        }

        var result = await workflow.AttachApprovalDocumentAsync(person.UnitId, guard.CurrentYear, file!.Id, filingDocument: slot == "filing", Actor.From(person, c), ct);
        if (result.Status == WorkflowStatus.Refused)
        {
            var status = await db.PlanApprovals.AsNoTracking().Where(a => a.UnitId == person.UnitId && a.Year == guard.CurrentYear).Select(a => a.Status).FirstAsync(ct);
            return AdaptiveCardInvokeResponse.Message(PlanText.Get(status == SubmissionStatus.Accepted ? "AlreadyAccepted" : "AlreadySubmitted", c));
        }
        if (!result.Succeeded)
        {
            return await guard.FailedAsync(turn, Verb, result, ct, Verbs.FileApproval);
        }

        return AdaptiveCardInvokeResponse.Card(AdaptiveCardBuilder.Create()
            .Title(PlanText.Get("FileReceivedTitle", c))
            .Text(PlanText.Format(slot == "approval" ? "AttachedAsApproval" : "AttachedAsFiling", c, file.FileName), color: TextColor.Good, bold: true)
            .Execute(PlanText.Get("ApprovalTitle", c), Verbs.FileApproval, validateInputs: false)
            .Build());
    }
}
