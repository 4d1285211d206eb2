using System.Globalization;
using GuidanceBot.Bot.Flows.Common;

namespace GuidanceBot.Bot.Flows.Evidence;

/// <summary>Texts of files kept as evidence: zh-CN in <c>EvidenceText.resx</c> (neutral), en-US in <c>EvidenceText.en.resx</c>.</summary>
public static class EvidenceText
{
    private static readonly FeatureTexts Texts = new("GuidanceBot.Bot.Flows.Evidence.EvidenceText", "Evidence");

    public static string Get(string name, CultureInfo culture) => Texts.Get(name, culture);

    public static string Format(string name, CultureInfo culture, params object?[] args) => Texts.Format(name, culture, args);
}

/// <summary>Card verbs of evidence files.</summary>
public static class EvidenceVerbs
{
    /// <summary>A file held from the chat becomes evidence of one problem's rectification (county).</summary>
    public const string AttachToReport = "evidence.attach";

    /// <summary>A file held from the chat becomes one of a visit's team documents and images (city staff).</summary>
    public const string AttachToVisit = "visit.document";
}
