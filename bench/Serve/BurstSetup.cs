using ActorViews.Streaming.Kafka;

namespace ActorViews.Serve;

/// <summary>
/// What one burst runs on: where views are stored, how many silos share the work, and whether view grains are
/// placed on the silo that reads their partition (<c>Kafka:PartitionAffinity</c>), how long the silo's
/// producers linger, and whether PostgreSQL writes use group commit (<c>Storage:GroupCommit</c>).
/// </summary>
/// <param name="Postgres">Views and membership in PostgreSQL; otherwise in memory (one silo).</param>
/// <param name="Silos">Silo processes started side by side.</param>
/// <param name="Affinity">Partition affinity on (the default) or off.</param>
/// <param name="LingerMs">The silo producers' <c>linger.ms</c>.</param>
/// <param name="GroupCommit">Group commit on (the default) or off; PostgreSQL only.</param>
internal sealed record BurstSetup(bool Postgres, int Silos, bool Affinity, int LingerMs = KafkaClientConfig.DefaultLingerMs, bool GroupCommit = true)
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

            label += Affinity ? "" : ", affinity off";
            label += GroupCommit ? "" : ", group commit off";
            return label + LingerLabel(LingerMs);
        }
    }

    /// <summary>The silo settings this setup adds to the cluster's.</summary>
    public IEnumerable<string> Settings =>
    [
        .. Affinity ? [] : (string[])["--Kafka:PartitionAffinity=false"],
        .. GroupCommit ? [] : (string[])["--Storage:GroupCommit=false"],
        .. LingerSettings(LingerMs),
    ];

    /// <summary>The silo settings that make its producers linger <paramref name="lingerMs"/>; none for the default.</summary>
    public static IEnumerable<string> LingerSettings(int lingerMs) =>
        lingerMs == KafkaClientConfig.DefaultLingerMs ? [] : [$"--Kafka:Settings:linger.ms={lingerMs}"];

    /// <summary>What a label adds for <paramref name="lingerMs"/>; nothing for the default.</summary>
    public static string LingerLabel(int lingerMs) =>
        lingerMs == KafkaClientConfig.DefaultLingerMs ? "" : $", producers linger {lingerMs} ms";

    /// <summary>
    /// Every combination asked for; several silos need PostgreSQL clustering, so they apply to PostgreSQL only.
    /// </summary>
    public static BurstSetup[] Combine(string[] storages, int[] silos, bool[] affinities, int[] lingers, bool[] groupCommits) =>
    [
        .. from storage in storages
           from count in storage == "postgres" ? silos : [1]
           from affinity in affinities
           from linger in lingers
           from groupCommit in storage == "postgres" ? groupCommits : [true]
           select new BurstSetup(storage == "postgres", count, affinity, linger, groupCommit),
    ];
}
