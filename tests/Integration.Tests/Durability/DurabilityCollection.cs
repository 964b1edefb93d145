using ActorViews.Tests.Shared;

namespace ActorViews.Integration.Tests.Durability;

/// <summary>
/// The durability tests share one PostgreSQL server (a database each) and run one after another: each runs
/// several silo processes, and two such tests at once would starve each other on a small machine.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DurabilityCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "Durability";
}
