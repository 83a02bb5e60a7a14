using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Conventions;
using MongoDB.Bson.Serialization.Serializers;

namespace Saas.Storage.MongoDb;

/// <summary>
/// Serialization conventions, registered once per process: conventions only affect class maps built after
/// registration, and registering twice would apply them twice.
/// </summary>
internal static class MongoMapping
{
    private static readonly Lazy<bool> Registration = new(Register);

    public static void EnsureRegistered() => _ = Registration.Value;

    private static bool Register()
    {
        var pack = new ConventionPack
        {
            new CamelCaseElementNameConvention(),
            new IgnoreExtraElementsConvention(true),
            // By name, as the SQLite adapter stores them, so data and sort order are the same in both adapters.
            new EnumRepresentationConvention(BsonType.String, topLevelOnly: false),
            new StorageSerializersConvention(),
        };
        ConventionRegistry.Register("Saas.Storage", pack, _ => true);
        return true;
    }

    private sealed class StorageSerializersConvention() : ConventionBase("SaasStorageSerializers"), IMemberMapConvention
    {
        // The driver's default DateTimeOffset form is a sub-document: TTL indexes need a BSON date, and a date
        // also compares and sorts by instant. The offset is not kept.
        private static readonly DateTimeOffsetSerializer UtcDate = new(BsonType.DateTime);
        private static readonly GuidSerializer StandardGuid = new(GuidRepresentation.Standard);

        public void Apply(BsonMemberMap memberMap)
        {
            var type = memberMap.MemberType;
            IBsonSerializer? serializer =
                type == typeof(DateTimeOffset) ? UtcDate
                : type == typeof(DateTimeOffset?) ? new NullableSerializer<DateTimeOffset>(UtcDate)
                : type == typeof(Guid) ? StandardGuid
                : type == typeof(Guid?) ? new NullableSerializer<Guid>(StandardGuid)
                : PlainValueSerializer.Handles(type) ? new PlainValueSerializer(type)
                : null;
            if (serializer is not null)
            {
                memberMap.SetSerializer(serializer);
            }
        }
    }
}
