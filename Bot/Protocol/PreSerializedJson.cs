using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace GuidanceBot.Bot.Protocol;

/// <summary>
/// A JSON value serialized once (UTF-8) and written out as is wherever it is placed, e.g. an attachment's
/// <c>content</c>: for a card that many replies share, serializing it again per reply is wasted work.
/// The node is immutable and may be placed in any number of activities at once.
/// </summary>
[JsonConverter(typeof(PreSerializedJsonConverter))]
public sealed class PreSerializedJson
{
    private PreSerializedJson(byte[] utf8) => Utf8 = utf8;

    public ReadOnlyMemory<byte> Utf8 { get; }

    /// <summary>Serializes <paramref name="node"/> with <see cref="ProtocolJson.Options"/> and wraps the bytes as a node.</summary>
    public static JsonNode Of(JsonNode node) =>
        JsonValue.Create(new PreSerializedJson(JsonSerializer.SerializeToUtf8Bytes(node, ProtocolJson.Options)),
            (System.Text.Json.Serialization.Metadata.JsonTypeInfo<PreSerializedJson>)ProtocolJson.Options.GetTypeInfo(typeof(PreSerializedJson)))!;
}

internal sealed class PreSerializedJsonConverter : JsonConverter<PreSerializedJson>
{
    public override PreSerializedJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Pre-serialized JSON is only written.");

    public override void Write(Utf8JsonWriter writer, PreSerializedJson value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
}
