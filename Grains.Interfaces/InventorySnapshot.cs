using ActorViews.Streaming.Kafka;

namespace ActorViews.Grains;

/// <summary>A product's stock as the inventory view shows it now.</summary>
/// <param name="Product">The product.</param>
/// <param name="Stock">Stock on hand, as the warehouse last reported it.</param>
/// <param name="Reserved">Units reserved by orders that passed the inventory check and did not fail.</param>
/// <param name="Available">Stock minus reserved: what the next order can have.</param>
/// <param name="Reservations">How many orders hold a reservation.</param>
/// <param name="LastApplied">Where the last applied stock event was read.</param>
[GenerateSerializer, Immutable]
public sealed record InventorySnapshot(
    [property: Id(0)] Product Product,
    [property: Id(1)] long Stock,
    [property: Id(2)] long Reserved,
    [property: Id(3)] long Available,
    [property: Id(4)] int Reservations,
    [property: Id(5)] KafkaPosition LastApplied);
