namespace ActorViews.Ingest;

/// <summary>
/// The two copies of the data set. The silo reads <see cref="Cold"/> through one provider for the cold pass,
/// then starts a second provider on <see cref="Warm"/> (same events, same keys, same partitions, same stream
/// namespace and views) for the warm pass, so both passes are timed the same way from a start command.
/// </summary>
internal static class BenchTopics
{
    public const string Cold = "orders";
    public const string Warm = "orders-warm";
    public const string Namespace = "orders";
    public const string ColdProvider = "cold";
    public const string WarmProvider = "warm";
    public const int Partitions = 8;
}
