using System.Globalization;
using System.Text.Json.Serialization;
using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>
/// A customer's profile, on the <c>customers</c> topic keyed by customer ID; the latest one wins. JSON:
/// <c>{"id":2,"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","address":"London","level":"bronze"}</c>.
/// </summary>
/// <param name="Id">The customer ID; also the message key (in decimal).</param>
/// <param name="FirstName">The first name.</param>
/// <param name="LastName">The last name.</param>
/// <param name="Email">The e-mail address.</param>
/// <param name="Address">The postal address.</param>
/// <param name="Level">The loyalty level; <see cref="DefaultLevel"/> when the producer leaves it out.</param>
[GenerateSerializer, Immutable]
public sealed record Customer(
    [property: Id(0), JsonPropertyName("id")] long Id,
    [property: Id(1), JsonPropertyName("firstName")] string FirstName,
    [property: Id(2), JsonPropertyName("lastName")] string LastName,
    [property: Id(3), JsonPropertyName("email")] string Email,
    [property: Id(4), JsonPropertyName("address")] string Address,
    [property: Id(5), JsonPropertyName("level")] string Level = Customer.DefaultLevel) : IKafkaKeyedEvent
{
    /// <summary>The level of a customer whose profile names none.</summary>
    public const string DefaultLevel = "bronze";

    /// <inheritdoc />
    string IKafkaKeyedEvent.EntityKey => Id.ToString(CultureInfo.InvariantCulture);
}
