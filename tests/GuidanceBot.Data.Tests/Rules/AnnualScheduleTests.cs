using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Rules;

public class AnnualScheduleTests
{
    [Fact]
    public void Six_units_from_March_get_one_month_each_ending_in_August()
    {
        var plan = AnnualSchedule.Assign([1, 2, 3, 4, 5, 6], firstMonth: 3).Value!;

        Assert.Equal([3, 4, 5, 6, 7, 8], plan.Select(p => p.Month));
    }

    [Fact]
    public void More_units_than_months_are_spread_and_none_falls_after_November()
    {
        var plan = AnnualSchedule.Assign([.. Enumerable.Range(1, 6)], firstMonth: 9).Value!;

        Assert.Equal([9, 9, 10, 10, 11, 11], plan.Select(p => p.Month));
    }

    [Fact]
    public void December_has_no_months_left()
    {
        Assert.Equal("schedule.no_months_left", AnnualSchedule.Assign([1], firstMonth: 12).Error!.Code);
    }

    [Fact]
    public void Reports_unplanned_units_visits_after_November_missed_months_and_too_few_months()
    {
        var units = new[]
        {
            new UnitVisitStatus(1, "源汇区", 3, Done: true),
            new UnitVisitStatus(2, "郾城区", 4, Done: false),   // April has passed on 15 September
            new UnitVisitStatus(3, "召陵区", null, Done: false),
            new UnitVisitStatus(4, "舞阳县", 12, Done: false),
            new UnitVisitStatus(5, "临颍县", 10, Done: false),
            new UnitVisitStatus(6, "经开区", 11, Done: false),
        };

        var assessment = AnnualSchedule.Assess(units, 2022, new DateOnly(2022, 9, 15), DomainText.Chinese);

        Assert.Equal(5, assessment.UnitsLeft);
        Assert.Equal(3, assessment.MonthsLeft); // September, October, November
        Assert.False(assessment.OnTrack);
        Assert.Contains(assessment.Risks, r => r is { Code: AnnualSchedule.MonthPassed, UnitId: 2 });
        Assert.Contains(assessment.Risks, r => r is { Code: AnnualSchedule.NoVisitPlanned, UnitId: 3 });
        Assert.Contains(assessment.Risks, r => r is { Code: AnnualSchedule.AfterNovember, UnitId: 4 });
        var tooFew = Assert.Single(assessment.Risks, r => r.Code == AnnualSchedule.TooFewMonths);
        Assert.Equal("还有 5 个单位未指导，但距 11 月底只剩 3 个月。", tooFew.Message.Message);
        Assert.DoesNotContain(assessment.Risks, r => r.UnitId is 1 or 5 or 6);
    }

    [Fact]
    public void A_schedule_with_a_month_per_unit_left_is_on_track()
    {
        var units = new[] { new UnitVisitStatus(1, "源汇区", 10, false), new UnitVisitStatus(2, "郾城区", 11, false) };

        Assert.True(AnnualSchedule.Assess(units, 2022, new DateOnly(2022, 10, 1)).OnTrack);
        // On 1 December nothing is left of the year's window.
        var late = AnnualSchedule.Assess(units, 2022, new DateOnly(2022, 12, 1));
        Assert.Equal(0, late.MonthsLeft);
        Assert.Contains(late.Risks, r => r.Code == AnnualSchedule.TooFewMonths);
    }

    [Theory]
    [InlineData(2022, 4, 15, 3, AnnualSchedule.ChosenMonthPassed, "3 月已过，请选择 4 月或以后的月份（须在 11 月底前完成）。")]
    [InlineData(2022, 4, 15, 12, AnnualSchedule.ChosenMonthAfterNovember, "执法指导须在 11 月底（11 月 30 日）前完成，不能安排在 12 月。")]
    [InlineData(2022, 12, 1, 11, AnnualSchedule.DeadlinePassed, "2022 年的执法指导须在 11 月 30 日前完成，期限已过，不能再安排。")]
    [InlineData(2022, 12, 1, 12, AnnualSchedule.DeadlinePassed, "2022 年的执法指导须在 11 月 30 日前完成，期限已过，不能再安排。")]
    [InlineData(2023, 1, 3, 5, AnnualSchedule.DeadlinePassed, "2022 年的执法指导须在 11 月 30 日前完成，期限已过，不能再安排。")] // a past year
    public void A_chosen_month_is_refused_for_what_is_wrong_with_the_choice(int year, int month, int day, int chosen, string code, string message)
    {
        var error = AnnualSchedule.CheckMonth(2022, chosen, new DateOnly(year, month, day), DomainText.Chinese);

        Assert.Equal((code, "month", message), (error!.Code, error.Field, error.Message));
        Assert.DoesNotContain("原定", error.Message);
        Assert.DoesNotContain("planned for", error.In(DomainText.English).Message);
    }

    [Theory]
    [InlineData(4, 15, 4)]
    [InlineData(4, 15, 11)]
    [InlineData(11, 30, 11)]
    [InlineData(1, 1, 1)]
    public void The_current_month_and_later_ones_up_to_november_may_be_chosen(int month, int day, int chosen)
    {
        Assert.Null(AnnualSchedule.CheckMonth(2022, chosen, new DateOnly(2022, month, day)));
        Assert.Null(AnnualSchedule.CheckMonth(2023, chosen, new DateOnly(2022, month, day))); // next year's schedule
    }
}
