namespace ActorViews.Serve;

/// <summary>
/// What one burst runs on: where views are stored, how many silos share the work, and whether view grains are
/// placed on the silo that reads their partition (<c>Kafka:PartitionAffinity</c>).
/// </summary>
/// <param name="Postgres">Views and membership in PostgreSQL; otherwise in memory (one silo).</param>
/// <param name="Silos">Silo processes started side by side.</param>
/// <param name="Affinity">Partition affinity on (the default) or off.</param>
internal sealed record BurstSetup(bool Postgres, int Silos, bool Affinity)
{
    public string Storage => Postgres ? "postgres" : "memory";

    /// <summary>The row's name in the report, e.g. "on PostgreSQL, 2 silos, affinity off".</summary>
    public string Label
    {
        get
        {
            var label = Postgres ? "on PostgreSQL" : "in memory";
            if (Silos > 1)
            {
                label += $", {Silos} silos";
            }

            return Affinity ? label : label + ", affinity off";
        }
    }

    /// <summary>The silo settings this setup adds to the cluster's.</summary>
    public IEnumerable<string> Settings => Affinity ? [] : ["--Kafka:PartitionAffinity=false"];

    /// <summary>
    /// Every combination asked for; several silos need PostgreSQL clustering, so they apply to PostgreSQL only.
    /// </summary>
    public static BurstSetup[] Combine(string[] storages, int[] silos, bool[] affinities) =>
    [
        .. from storage in storages
           from count in storage == "postgres" ? silos : [1]
           from affinity in affinities
           select new BurstSetup(storage == "postgres", count, affinity),
    ];
}
