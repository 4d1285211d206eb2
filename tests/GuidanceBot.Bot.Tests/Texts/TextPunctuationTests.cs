using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using GuidanceBot.Data.Resources;
using GuidanceBot.Testing;

namespace GuidanceBot.Bot.Tests.Texts;

/// <summary>
/// Every text of every resource file (domain, API, bot), as written and as filled with values that end with
/// their own stop (a reason typed as "…重新报备。"): no doubled punctuation ("。。", "..", "。，"…). Grows with the
/// texts: a new resource file or text is checked without a change here.
/// </summary>
public partial class TextPunctuationTests
{
    [GeneratedRegex(@"[。．！？；，、：.!?;,:]{2}")]
    private static partial Regex Doubled();

    [GeneratedRegex(@"(?<!\{)\{(\d+)")]
    private static partial Regex Placeholder();

    public static TheoryData<string> ResourceFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in new[] { "Api", "Bot", "Data" }
                     .SelectMany(d => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, d), "*.resx", SearchOption.AllDirectories))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
                     .Select(f => Path.GetRelativePath(RepoPaths.Root, f)).Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }
        return data;
    }

    [Fact]
    public void Every_resource_file_is_checked()
    {
        Assert.True(ResourceFiles().Count >= 20, "the resource files were not found under " + RepoPaths.Root);
    }

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void No_text_reads_with_doubled_punctuation_as_written_or_filled_with_values_that_end_a_sentence(string file)
    {
        var english = file.EndsWith(".en.resx", StringComparison.Ordinal);
        var culture = CultureInfo.GetCultureInfo(english ? "en-US" : "zh-CN");
        var problems = new List<string>();
        foreach (var data in XDocument.Load(Path.Combine(RepoPaths.Root, file)).Root!.Elements("data"))
        {
            var name = data.Attribute("name")!.Value;
            var text = data.Element("value")?.Value ?? "";
            var count = Placeholder().Matches(text).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
            var args = Enumerable.Range(0, count).Select(i => (object?)(english ? $"value {i}." : $"值{i}。")).ToArray();
            var filled = count == 0 ? text : TextFormat.Format(culture, text, args);
            foreach (var (what, s) in new[] { ("written", Placeholder().Replace(text, "{x")), ("filled", filled) })
            {
                if (Doubled().Match(s) is { Success: true } m)
                {
                    problems.Add($"{name} ({what}): …{s[Math.Max(0, m.Index - 12)..Math.Min(s.Length, m.Index + 12)]}…");
                }
            }
        }
        Assert.True(problems.Count == 0, file + ":\n" + string.Join("\n", problems));
    }

    [Fact]
    public void A_value_ending_with_a_stop_before_the_texts_own_stop_loses_its_own()
    {
        var zh = CultureInfo.GetCultureInfo("zh-CN");
        Assert.Equal("市局退回：请补充名单后重新报备。请修改后重新提交。",
            TextFormat.Format(zh, "市局退回：{0}。请修改后重新提交。", "请补充名单后重新报备。"));
        Assert.Equal("Returned: wrong numbers. Please revise.", TextFormat.Format(zh, "Returned: {0}. Please revise.", "wrong numbers. "));
        // Not before a mark, or not a stop: left as typed.
        Assert.Equal("已退回：理由。", TextFormat.Format(zh, "已退回：{0}", "理由。"));
        Assert.Equal("“理由…”。", TextFormat.Format(zh, "“{0}”。", "理由…"));
        Assert.Equal("{0}。", TextFormat.Format(zh, "{{0}}。", "x。"));
    }
}
