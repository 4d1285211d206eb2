using GuidanceBot.Data.Rules;
using GuidanceBot.Data.Visits;
using GuidanceBot.Testing;

namespace GuidanceBot.Data.Tests.Rules;

public class SpotCheckTests
{
    [Fact]
    public void SplitMix64_matches_the_published_reference_sequence()
    {
        // First outputs of the reference C implementation seeded with 1234567.
        var rng = new SplitMix64(1234567);
        Assert.Equal(6457827717110365317UL, rng.Next());
        Assert.Equal(3203168211198807973UL, rng.Next());
        Assert.Equal(9817491932198370423UL, rng.Next());
    }

    [Fact]
    public void The_same_seed_and_candidates_give_the_same_draw_whatever_their_order()
    {
        var a = SpotCheck.Draw([15, 3, 42, 8, 23], 2, seed: 20220301);
        var b = SpotCheck.Draw([42, 23, 15, 8, 3, 3], 2, seed: 20220301);

        Assert.True(a.IsSuccess);
        Assert.Equal(a.Value.ChosenIds, b.Value!.ChosenIds);
        Assert.Equal([3, 8, 15, 23, 42], a.Value.CandidateIds);
        Assert.Equal(2, a.Value.ChosenIds.Count);
        Assert.Equal(2, a.Value.ChosenIds.Distinct().Count());
        Assert.All(a.Value.ChosenIds, id => Assert.Contains(id, a.Value.CandidateIds));
    }

    [Fact]
    public void Every_candidate_can_be_drawn_and_the_draw_is_roughly_fair()
    {
        var counts = new Dictionary<int, int> { [1] = 0, [2] = 0, [3] = 0, [4] = 0 };
        for (var seed = 0; seed < 4000; seed++)
        {
            counts[SpotCheck.Draw([1, 2, 3, 4], 1, seed).Value!.ChosenIds[0]]++;
        }
        Assert.All(counts.Values, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void No_candidates_is_refused_with_a_reason()
    {
        var result = SpotCheck.Draw([], 1, 7);

        Assert.False(result.IsSuccess);
        Assert.Equal("draw.no_candidates", result.Error.Code);
    }

    [Fact]
    public void One_candidate_gives_a_draw_of_one_even_when_two_were_asked()
    {
        var result = SpotCheck.Draw([9], 2, 7);

        Assert.Equal(1, result.Value!.Count);
        Assert.Equal([9], result.Value.ChosenIds);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Only_one_or_two_enterprises_are_drawn(int count)
    {
        Assert.Equal("draw.count", SpotCheck.Draw([1, 2, 3], count, 7).Error!.Code);
    }

    [Fact]
    public void A_stored_draw_replays_and_a_tampered_one_does_not()
    {
        var outcome = SpotCheck.Draw([5, 6, 7, 8, 9, 10], 2, -123456).Value!;
        var stored = outcome.ToEntity(visitId: 1, drawnById: 2, drawnUtc: TestClock.FixedStart.UtcDateTime);

        Assert.Equal("5,6,7,8,9,10", stored.CandidateIds);
        Assert.True(SpotCheck.Replay(stored).Matches);

        var other = outcome.CandidateIds.First(id => !outcome.ChosenIds.Contains(id));
        stored.Enterprises[0].EnterpriseId = other;
        var replay = SpotCheck.Replay(stored);
        Assert.False(replay.Matches);
        Assert.Equal("draw.replay_mismatch", replay.Error!.Code);
        Assert.Equal(outcome.ChosenIds, replay.Expected);
    }

    [Fact]
    public void A_draw_with_an_unknown_algorithm_is_not_replayed()
    {
        var stored = new SpotCheckDraw { CandidateIds = "1,2", Algorithm = "dotnet-random", Seed = 1, Count = 1 };
        Assert.Equal("draw.unknown_algorithm", SpotCheck.Replay(stored).Error!.Code);
    }
}
