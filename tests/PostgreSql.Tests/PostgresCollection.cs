using ActorViews.Tests.Shared;

namespace ActorViews.PostgreSql.Tests;

/// <summary>Tests in this collection share one <see cref="PostgresFixture"/>.</summary>
/// <remarks>Defined here, not beside the fixture: xunit finds collection definitions only in the test assembly.</remarks>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
