using Npgsql;

namespace ActorViews.PostgreSql.Tests;

/// <summary>The bounded pools the silo and clients open: size, name and how long a caller waits for a connection.</summary>
public sealed class ConnectionPoolTests
{
    [Fact]
    public void An_unpooled_connection_string_becomes_a_named_pool_of_the_given_size_whose_callers_wait_30s()
    {
        var bounded = new NpgsqlConnectionStringBuilder(
            PostgresConnectionPool.Bounded("Host=db;Username=app;Password=secret;Database=views;Pooling=false;Maximum Pool Size=100", 20, "storage"));

        Assert.True(bounded.Pooling);
        Assert.Equal(20, bounded.MaxPoolSize);
        Assert.Equal("actorviews-storage", bounded.ApplicationName);
        Assert.Equal(PostgresConnectionPool.DefaultWaitSeconds, bounded.Timeout);
        Assert.Equal(("db", "views", "secret"), (bounded.Host, bounded.Database, bounded.Password));
    }

    [Fact]
    public void An_operators_application_name_and_wait_are_kept_and_each_purpose_gets_a_pool_of_its_own()
    {
        const string Configured = "Host=db;Database=views;Application Name=billing;Timeout=5;Minimum Pool Size=10";

        var membership = PostgresConnectionPool.Bounded(Configured, 4, "membership");
        var storage = PostgresConnectionPool.Bounded(Configured, 4, "storage");

        var builder = new NpgsqlConnectionStringBuilder(membership);
        Assert.Equal("billing-membership", builder.ApplicationName);
        Assert.Equal(5, builder.Timeout);
        Assert.Equal(4, builder.MinPoolSize);
        Assert.NotEqual(membership, storage);
    }

    [Fact]
    public void A_pool_of_no_connection_or_a_malformed_string_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PostgresConnectionPool.Bounded("Host=db", 0, "storage"));
        Assert.Throws<ArgumentException>(() => PostgresConnectionPool.Bounded("Host=db;Bogus Key=1", 4, "storage"));
    }
}
