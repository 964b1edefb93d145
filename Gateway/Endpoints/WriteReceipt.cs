namespace ActorViews.Gateway.Endpoints;

/// <summary>The body of a write's answer.</summary>
/// <param name="Position">The opaque position token; send it back (<c>X-Position</c> or <c>?position=</c>) to read your write.</param>
/// <param name="Topic">The topic written.</param>
/// <param name="Partition">The partition written.</param>
/// <param name="Offset">The offset written.</param>
internal sealed record WriteReceipt(string Position, string Topic, int Partition, long Offset);
