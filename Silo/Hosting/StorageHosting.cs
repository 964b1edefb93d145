namespace ActorViews.Silo.Hosting;

/// <summary>Where views and stream subscriptions persist.</summary>
internal static class StorageHosting
{
    /// <summary>
    /// In-memory storage for views and stream subscriptions. <c>Storage:ConnectionString</c> is the seam for
    /// PostgreSQL; until that storage is wired in, setting it fails start-up rather than being ignored.
    /// </summary>
    public static ISiloBuilder AddActorViewsStorage(this ISiloBuilder silo, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["Storage:ConnectionString"]))
        {
            throw new InvalidOperationException(
                "Configuration 'Storage:ConnectionString' is set, but this silo has no PostgreSQL storage yet; remove it to use in-memory storage.");
        }

        return silo
            .AddMemoryGrainStorage(SiloNames.ViewStorage)
            .AddMemoryGrainStorage(SiloNames.PubSubStorage);
    }
}
