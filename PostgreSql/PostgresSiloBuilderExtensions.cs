using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;

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
        AddSchemaInitializer(builder.Services, connectionString);
        return builder.AddAdoNetGrainStorage(name, options => UseSchema(options, connectionString, jsonOptions));
    }

    /// <summary>
    /// Adds a named grain storage provider like <see cref="AddPostgresGrainStorage"/> (same rows, reads and clears)
    /// whose writes are grouped: the states of many grains that write at about the same time go to PostgreSQL in
    /// one round trip and one commit (<see cref="PostgresGroupCommitGrainStorage"/>).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="name">The storage provider name grains refer to.</param>
    /// <param name="connectionString">An Npgsql connection string for the state's database; its pool bounds the round trips too.</param>
    /// <param name="configure">Changes the batch size, queue length or round trips in flight.</param>
    /// <param name="jsonOptions">Serializer options; camelCase web defaults when omitted.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="connectionString"/> is empty or malformed.</exception>
    public static ISiloBuilder AddPostgresGroupCommitGrainStorage(
        this ISiloBuilder builder,
        string name,
        string connectionString,
        Action<PostgresGroupCommitOptions>? configure = null,
        JsonSerializerOptions? jsonOptions = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        PostgresConnectionString.Validate(connectionString, nameof(connectionString));
        var services = builder.Services;
        AddSchemaInitializer(services, connectionString);
        services.AddOptions<AdoNetGrainStorageOptions>(name).Configure(options => UseSchema(options, connectionString, jsonOptions));
        services.AddOptions<PostgresGroupCommitOptions>(name).Configure(options => configure?.Invoke(options));
        services.AddTransient<IConfigurationValidator>(sp =>
            new PostgresGroupCommitOptionsValidator(sp.GetRequiredService<IOptionsMonitor<PostgresGroupCommitOptions>>().Get(name), name));
        services.AddGrainStorage(name, PostgresGroupCommitGrainStorage.Create);
        return builder;
    }

    private static void UseSchema(AdoNetGrainStorageOptions options, string connectionString, JsonSerializerOptions? jsonOptions)
    {
        options.Invariant = Invariant;
        options.ConnectionString = connectionString;
        options.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(jsonOptions);
    }

    private static void AddSchemaInitializer(IServiceCollection services, string connectionString)
    {
        services.Configure<PostgresSchemaOptions>(options => options.ConnectionStrings.Add(connectionString));
        // One initializer however many providers are configured; it applies the schema once per database.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ILifecycleParticipant<ISiloLifecycle>, PostgresSchemaInitializer>());
    }
}
