using System.Collections;
using System.Text.Json;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using Saas.Storage.Internal;

namespace Saas.Storage.MongoDb;

/// <summary>
/// Stores free-form values (object, Dictionary&lt;string, object?&gt;) as plain BSON. The driver's own object
/// serializer wraps nested dictionaries and decimals in <c>{ _t, _v }</c> type envelopes, which other readers
/// (and queries) cannot use and which it refuses to read back for types outside its allow-list.
/// </summary>
internal sealed class PlainValueSerializer(Type valueType) : IBsonSerializer
{
    public Type ValueType => valueType;

    public static bool Handles(Type type) =>
        type == typeof(object) || type == typeof(object[]) || type == typeof(Dictionary<string, object?>)
        || type == typeof(IDictionary<string, object?>) || type == typeof(IReadOnlyDictionary<string, object?>);

    public object? Deserialize(BsonDeserializationContext context, BsonDeserializationArgs args) =>
        FromBson(BsonValueSerializer.Instance.Deserialize(context));

    public void Serialize(BsonSerializationContext context, BsonSerializationArgs args, object? value) =>
        BsonValueSerializer.Instance.Serialize(context, ToBson(value));

    public static BsonValue ToBson(object? value) => value switch
    {
        null => BsonNull.Value,
        BsonValue bson => bson,
        JsonElement json => ToBson(JsonValues.ToPlain(json)),
        string s => new BsonString(s),
        bool b => BsonBoolean.Create(b),
        int or short or byte or sbyte or ushort => new BsonInt32(Convert.ToInt32(value)),
        long or uint => new BsonInt64(Convert.ToInt64(value)),
        double or float => new BsonDouble(Convert.ToDouble(value)),
        decimal m => new BsonDecimal128(m),
        DateTime d => new BsonDateTime(d),
        DateTimeOffset d => new BsonDateTime(d.UtcDateTime),
        Guid g => new BsonBinaryData(g, GuidRepresentation.Standard),
        Enum e => new BsonString(e.ToString()),
        byte[] bytes => new BsonBinaryData(bytes),
        IDictionary<string, object?> map => new BsonDocument(map.Select(p => new BsonElement(p.Key, ToBson(p.Value)))),
        IDictionary map => new BsonDocument(map.Keys.Cast<object>().Select(k => new BsonElement(k.ToString(), ToBson(map[k])))),
        IEnumerable items => new BsonArray(items.Cast<object?>().Select(ToBson)),
        _ => value.ToBsonDocument(value.GetType()),
    };

    public static object? FromBson(BsonValue value) => value.BsonType switch
    {
        BsonType.Document => value.AsBsonDocument.ToDictionary(e => e.Name, e => FromBson(e.Value)),
        BsonType.Array => value.AsBsonArray.Select(FromBson).ToArray(),
        BsonType.Null or BsonType.Undefined => null,
        BsonType.String => value.AsString,
        BsonType.Boolean => value.AsBoolean,
        BsonType.Int32 => value.AsInt32,
        BsonType.Int64 => value.AsInt64,
        BsonType.Double => value.AsDouble,
        BsonType.Decimal128 => value.AsDecimal,
        BsonType.DateTime => value.ToUniversalTime(),
        BsonType.ObjectId => value.AsObjectId.ToString(),
        BsonType.Binary when value.AsBsonBinaryData.SubType == BsonBinarySubType.UuidStandard =>
            value.AsBsonBinaryData.ToGuid(GuidRepresentation.Standard),
        _ => BsonTypeMapper.MapToDotNetValue(value),
    };
}
