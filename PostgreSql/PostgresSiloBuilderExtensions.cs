using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ActorViews.PostgreSql.GroupCommit;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace ActorViews.PostgreSql;

/// <summary>
/// Wires Orleans' ADO.NET clustering and grain storage to PostgreSQL with the ActorViews schema, which the silo
/// applies to each database at start-up before any provider reads it.
/// </summary>
public static class PostgresSiloBuilderExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql, as Orleans' providers expect it.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Uses PostgreSQL as the silo's membership table.</summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="connectionString">An Npgsql connection string for the cluster's database.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty or malformed.</exception>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PostgresConnectionString.Validate(connectionString, nameof(connectionString));
        AddSchemaInitializer(builder.Services, connectionString);
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
        });
    }

    /// <summary>
    /// Adds a named grain storage provider that keeps grain state as <c>jsonb</c> in PostgreSQL, serialized by
    /// <see cref="SystemTextJsonGrainStorageSerializer"/>.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage provider name grains refer to.</param>
    /// <param name="connectionString">An Npgsql connection string for the state's database.</param>
    /// <param name="jsonOptions">Serializer options; camelCase web defaults when omitted.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="connectionString"/> is empty or malformed.</exception>
    public static ISiloBuilder AddPostgresGrainStorage(
        this ISiloBuilder builder,
        string name,
        string connectionString,
        JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        PostgresConnectionString.Validate(connectionString, nameof(connectionString));
        return AddRows(builder, name, connectionString, new SystemTextJsonGrainStorageSerializer(jsonOptions));
    }

    /// <summary>
    /// Like <see cref="AddPostgresGrainStorage"/>, with group commit: the states that grains write at about the same
    /// time go to PostgreSQL together, up to 256 in one statement, each checked against its own version (a stale
    /// grain fails alone). Reads and clears are unchanged, and the rows are the same.
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage provider name grains refer to.</param>
    /// <param name="connectionString">An Npgsql connection string for the state's database.</param>
    /// <param name="writers">Statements in flight at once, each holding one of the pool's connections.</param>
    /// <param name="jsonOptions">Serializer options; camelCase web defaults when omitted.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="connectionString"/> is empty or malformed.</exception>
    public static ISiloBuilder AddPostgresGroupCommitGrainStorage(
        this ISiloBuilder builder,
        string name,
        string connectionString,
        int writers,
        JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        PostgresConnectionString.Validate(connectionString, nameof(connectionString));
        var serializer = new SystemTextJsonGrainStorageSerializer(jsonOptions);
        var rows = name + ".rows";
        AddRows(builder, rows, connectionString, serializer);
        builder.Services.AddKeyedSingleton(name, (services, _) => new GroupCommitWriter(
            connectionString, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, writers));
        builder.Services.AddKeyedSingleton<IGrainStorage>(name, (services, _) => new GroupCommitGrainStorage(
            services.GetRequiredKeyedService<IGrainStorage>(rows), services.GetRequiredKeyedService<GroupCommitWriter>(name), serializer));
        return builder;
    }

    private static ISiloBuilder AddRows(ISiloBuilder builder, string name, string connectionString, IGrainStorageSerializer serializer)
    {
        AddSchemaInitializer(builder.Services, connectionString);
        return builder.AddAdoNetGrainStorage(name, options =>
        {
            options.Invariant = Invariant;
            options.ConnectionString = connectionString;
            options.GrainStorageSerializer = serializer;
        });
    }

    private static void AddSchemaInitializer(IServiceCollection services, string connectionString)
    {
        services.Configure<PostgresSchemaOptions>(options => options.ConnectionStrings.Add(connectionString));
        // One initializer however many providers are configured; it applies the schema once per database.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInitializer>());
    }
}
