using GuidanceBot.Data.Letters;
using GuidanceBot.Data.Plans;
using GuidanceBot.Data.Resources;
using GuidanceBot.Data.Rules;

namespace GuidanceBot.Data.Tests.Rules;

public class StateMachineTests
{
    [Theory]
    [InlineData(SubmissionStatus.Draft, SubmissionAction.Submit, SubmissionStatus.Submitted)]
    [InlineData(SubmissionStatus.Submitted, SubmissionAction.Accept, SubmissionStatus.Accepted)]
    [InlineData(SubmissionStatus.Submitted, SubmissionAction.Return, SubmissionStatus.Returned)]
    [InlineData(SubmissionStatus.Returned, SubmissionAction.Submit, SubmissionStatus.Resubmitted)]
    [InlineData(SubmissionStatus.Resubmitted, SubmissionAction.Return, SubmissionStatus.Returned)]
    [InlineData(SubmissionStatus.Resubmitted, SubmissionAction.Accept, SubmissionStatus.Accepted)]
    public void Submission_steps_allowed(SubmissionStatus from, SubmissionAction action, SubmissionStatus to)
    {
        Assert.Equal(to, SubmissionStateMachine.Next(from, action).Value);
    }

    [Theory]
    [InlineData(SubmissionStatus.Draft, SubmissionAction.Accept)]
    [InlineData(SubmissionStatus.Draft, SubmissionAction.Return)]
    [InlineData(SubmissionStatus.Submitted, SubmissionAction.Submit)]
    [InlineData(SubmissionStatus.Accepted, SubmissionAction.Return)]
    [InlineData(SubmissionStatus.Accepted, SubmissionAction.Submit)]
    [InlineData(SubmissionStatus.Returned, SubmissionAction.Accept)]
    public void Submission_steps_refused(SubmissionStatus from, SubmissionAction action)
    {
        Assert.Equal("workflow.invalid_step", SubmissionStateMachine.Next(from, action).Error!.Code);
    }

    [Fact]
    public void Every_pair_of_letter_status_and_action_is_either_a_step_or_a_localized_refusal()
    {
        var allowed = new HashSet<(LetterStatus, LetterAction)>
        {
            (LetterStatus.Draft, LetterAction.Issue),
            (LetterStatus.Issued, LetterAction.Acknowledge),
            (LetterStatus.Acknowledged, LetterAction.SubmitReport),
            (LetterStatus.ReportReturned, LetterAction.SubmitReport),
            (LetterStatus.ReportSubmitted, LetterAction.ReturnReport),
            (LetterStatus.ReportSubmitted, LetterAction.Close),
        };
        foreach (var status in Enum.GetValues<LetterStatus>())
        {
            foreach (var action in Enum.GetValues<LetterAction>())
            {
                var result = LetterStateMachine.Next(status, action, DomainText.English);
                Assert.Equal(allowed.Contains((status, action)), result.IsSuccess);
                if (!result.IsSuccess)
                {
                    Assert.StartsWith("Cannot ", result.Error.Message);
                }
            }
        }
    }

    [Fact]
    public void A_closed_letter_cannot_be_reopened_and_says_so_in_both_languages()
    {
        var error = LetterStateMachine.Next(LetterStatus.Closed, LetterAction.ReturnReport, DomainText.Chinese).Error!;

        Assert.Equal("当前状态为“已办结”，不能退回整改报告。", error.Message);
        Assert.Equal("Cannot return the report while the status is \"closed\".", error.In(DomainText.English).Message);
    }
}
