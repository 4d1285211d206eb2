using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Status;
using GuidanceBot.Data.TeamFigures;

namespace GuidanceBot.Data.Tests.Teams;

public partial class TeamRulesTests
{
    private static TeamFiguresInput Good(int staff = 12, int approved = 12, int certified = 10, string? note = null) =>
        new(approved, staff, certified, note, 1, 8, 2, staff - 11, 3, 3, 6, staff - 9, staff - 4, 4);

    [Fact]
    public void Consistent_figures_pass_and_more_staff_than_posts_needs_a_note()
    {
        Assert.Empty(TeamFiguresWorkflow.Check(Good(), DomainText.Chinese));
        var over = Assert.Single(TeamFiguresWorkflow.Check(Good(staff: 14), DomainText.English));
        Assert.Equal(("teams.over_approved", "staffOnPost"), (over.Code, over.Field));
        Assert.Equal("Staff on post (14) exceed the approved posts (12): explain why in the note.", over.Message);
        Assert.Empty(TeamFiguresWorkflow.Check(Good(staff: 14, note: "两名新进人员"), DomainText.Chinese));
    }

    [Fact]
    public void Each_impossible_figure_is_named_once_and_sums_must_match_the_staff_on_post()
    {
        var input = Good() with { CertifiedStaff = 13, EducationBachelor = 9, Age35To49 = -2, Women = null, RelatedFieldOfStudy = 13 };
        var errors = TeamFiguresWorkflow.Check(input, DomainText.Chinese);
        Assert.Equal(
            // Field checks first (in form order), then the checks across fields.
            [("age35To49", "teams.negative"), ("women", "teams.required"), ("certifiedStaff", "teams.certified_over_staff"),
             ("relatedFieldOfStudy", "teams.related_over_staff"), ("educationOther", "teams.education_sum")],
            errors.Select(e => (e.Field, e.Code)).ToList());
        Assert.Contains(errors, e => e.Message == "各学历人数之和（13）应等于在岗人数（12）。");
    }

    [Theory]
    [InlineData(2022, 10, "2022-10-01", true)]  // the current month may be reported
    [InlineData(2022, 11, "2022-10-31", false)] // not a month ahead
    [InlineData(2022, 12, "2023-01-31", true)]  // December during January
    [InlineData(2022, 12, "2023-02-01", false)]
    [InlineData(2022, 11, "2023-01-10", false)] // only December of the year before
    public void A_month_is_reportable_in_its_year_up_to_now_and_December_also_during_January(int year, int month, string today, bool expected) =>
        Assert.Equal(expected, TeamFiguresWorkflow.IsReportable(year, month, DateOnly.Parse(today, CultureInfo.InvariantCulture)));

    [Fact]
    public void The_execution_rate_spreads_the_plan_evenly_over_the_months_ended()
    {
        var p = new ProgressSummary(PlannedInspections: 30, MonthsEnded: 9, MonthsReported: 9, LatestMonthReported: 9, PreviousMonthReported: true,
            InspectionsToDate: 18, PenaltiesDecided: 2, RecordsEntered: 20, DoubleRandomPublished: 9);
        Assert.Equal(23, p.PlannedToDate);         // 30 × 9/12 = 22.5 → 23
        Assert.Equal(0.7826, p.ExecutionRate);     // 18/23
        Assert.Equal(1.0, p.EntryRate);            // 20/(18 + 2)
        Assert.Equal(0.5, p.PublicationRate);
        Assert.Null((p with { PlannedInspections = null }).ExecutionRate);
        Assert.Null((p with { MonthsEnded = 0 }).ExecutionRate);
    }

    [Fact]
    public void Every_team_message_has_an_English_text_with_the_same_placeholders()
    {
        var resources = new ResourceManager("GuidanceBot.Data.TeamFigures.Resources.TeamsMessages", typeof(TeamsText).Assembly);
        var zh = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var en = resources.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false)!;
        var count = 0;
        foreach (System.Collections.DictionaryEntry entry in zh)
        {
            var english = en.GetString((string)entry.Key);
            Assert.False(english is null, $"{entry.Key} has no English text");
            Assert.Equal(Placeholders((string)entry.Value!), Placeholders(english!));
            count++;
        }
        Assert.True(count > 10);
    }

    private static List<string> Placeholders(string s) => [.. PlaceholderPattern().Matches(s).Select(m => m.Value).Order()];

    [GeneratedRegex(@"\{\d+[^}]*\}")]
    private static partial Regex PlaceholderPattern();
}
