using System.Globalization;
using GuidanceBot.Bot.Flows.Common;
using GuidanceBot.Data;
using GuidanceBot.Data.People;
using GuidanceBot.Data.Visits;

namespace GuidanceBot.Bot.Flows.Visits;

/// <summary>The visit has its date: the liaison's materials card (what is provided, on file, missing), with the button that opens the form.</summary>
public sealed class MaterialsRequestRenderer : INoticeRenderer<MaterialsRequestNotice>
{
    public async Task<NoticeCard?> RenderAsync(GuidanceDbContext db, MaterialsRequestNotice notice, Person recipient, CultureInfo culture, CancellationToken ct)
    {
        if (await new VisitMaterialsQuery(db).LoadAsync(notice.VisitId, ct) is not { IsOpen: true } vm)
        {
            return null;
        }
        var banner = MaterialsText.Format("RequestBanner", culture, notice.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new(MaterialsCards.Liaison(vm, culture, banner, form: false), MaterialsText.Format("CardTitle", culture, vm.DisplayUnit(culture)));
    }
}
