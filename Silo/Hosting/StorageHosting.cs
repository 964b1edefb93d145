using ActorViews.PostgreSql;
using ActorViews.Streaming.Kafka;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;

namespace ActorViews.Silo.Hosting;

/// <summary>Where views and stream subscriptions persist.</summary>
internal static class StorageHosting
{
    /// <summary>The key of the grain storage database's connection string.</summary>
    public const string ConnectionStringKey = "Storage:ConnectionString";

    /// <summary>The key of the switch between grouped (default) and one-by-one view writes on PostgreSQL.</summary>
    public const string GroupCommitKey = "Storage:GroupCommit";

    /// <summary>
    /// With <c>Storage:ConnectionString</c>, views and stream subscriptions persist as readable JSON in that
    /// PostgreSQL database (the silo applies the schema at start-up) through one pool of <c>Storage:MaxConnections</c>
    /// (see <see cref="ConnectionBudget"/>); without it they live in memory (dev mode). Views' writes are grouped,
    /// many grains' states in one round trip (<see cref="PostgresGroupCommitGrainStorage"/>), unless
    /// <c>Storage:GroupCommit</c> is false: then each write is its own statement, as for subscriptions.
    /// Subscriptions are kept in Orleans' own format inside a JSON document (see <see cref="PubSubStateSerializer"/>).
    /// </summary>
    public static ISiloBuilder AddActorViewsStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        // Read in dev mode too, so a mistyped value is named before anyone relies on it.
        var groupCommit = configuration.Boolean(GroupCommitKey, fallback: true);
        if (configuration.StorageConnectionString() is not { } connectionString)
        {
            return silo
                .AddMemoryGrainStorage(SiloNames.ViewStorage, InBinary)
                .AddMemoryGrainStorage(SiloNames.PubSubStorage, InBinary);
        }

        var budget = ConnectionBudget.Read(configuration);
        return ConnectionStringSetting.Guard(
            ConnectionStringKey,
            () => (groupCommit
                    ? silo.AddPostgresGroupCommitGrainStorage(SiloNames.ViewStorage, budget.ForStorage(connectionString), budget.LimitRoundTrips)
                    : silo.AddPostgresGrainStorage(SiloNames.ViewStorage, budget.ForStorage(connectionString)))
                .AddPostgresGrainStorage(SiloNames.PubSubStorage, budget.ForStorage(connectionString))
                .ConfigureServices(services => services
                    .AddSingleton<IKafkaViewVersionEraser>(sp => new PostgresViewVersionEraser(
                        budget.ForStorage(connectionString), sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId, ViewStates))
                    .AddOptions<AdoNetGrainStorageOptions>(SiloNames.PubSubStorage)
                    .PostConfigure<Serializer>((options, serializer) => options.GrainStorageSerializer = new PubSubStateSerializer(serializer))));
    }

    // The states each rebuildable view's grains keep in the views storage ([PersistentState] names), by view: what a
    // rebuild deletes of the version it replaced. The feeds are rebuilt with these and keep their events here too.
    private static readonly Dictionary<string, string[]> ViewStates = new(StringComparer.Ordinal)
    {
        ["order-view"] = ["view"],
        ["customer-view"] = ["customer"],
        ["inventory-view"] = ["inventory"],
        ["order-router"] = ["router"],
    };

    // In-memory storage copies every state it writes through its serializer. Orleans' default there is Newtonsoft
    // JSON, which profiled at over a third of the dev-mode silo's CPU under load; nobody reads this copy but the
    // silo, so it is kept in Orleans' binary format.
    private static void InBinary(OptionsBuilder<MemoryGrainStorageOptions> options) =>
        options.Configure<IServiceProvider>((storage, services) => storage.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(services));

    /// <summary>The grain storage database, <c>Storage:ConnectionString</c>, or null for in-memory storage.</summary>
    public static string? StorageConnectionString(this IConfiguration configuration) => configuration.Text(ConnectionStringKey);
}
