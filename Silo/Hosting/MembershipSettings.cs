using Orleans.Configuration;

namespace ActorViews.Silo.Hosting;

/// <summary>
/// How quickly the cluster declares a silo dead: the <c>Orleans:Membership</c> section. Unset values keep
/// Orleans' defaults (a killed silo is declared dead after roughly 10-30 seconds);
/// <c>FastFailureDetection=true</c> starts from a preset that takes a few seconds, meant for tests and local
/// clusters on one machine, where a missed probe is not caused by a congested network.
/// </summary>
internal sealed record MembershipSettings(
    bool FastFailureDetection,
    TimeSpan? ProbeTimeout,
    int? NumMissedProbesLimit,
    int? NumVotesForDeathDeclaration,
    int? NumProbedSilos,
    TimeSpan? TableRefreshTimeout,
    TimeSpan? IAmAliveTablePublishTimeout)
{
    private const string Section = "Orleans:Membership:";

    /// <summary>Reads the section; a bad value fails naming its key.</summary>
    public static MembershipSettings Read(IConfiguration configuration) => new(
        configuration.Boolean(Section + nameof(FastFailureDetection), fallback: false),
        configuration.PositiveDuration(Section + nameof(ProbeTimeout)),
        OptionalInteger(configuration, nameof(NumMissedProbesLimit)),
        OptionalInteger(configuration, nameof(NumVotesForDeathDeclaration)),
        OptionalInteger(configuration, nameof(NumProbedSilos)),
        configuration.PositiveDuration(Section + nameof(TableRefreshTimeout)),
        configuration.PositiveDuration(Section + nameof(IAmAliveTablePublishTimeout)));

    /// <summary>Configures <see cref="ClusterMembershipOptions"/>: the preset first, then each value that is set.</summary>
    public void ApplyTo(ISiloBuilder silo) => silo.Configure<ClusterMembershipOptions>(options =>
    {
        if (FastFailureDetection)
        {
            // Two missed one-second probes and a single vote declare a silo dead: about 3-5 seconds after a kill.
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.NumVotesForDeathDeclaration = 1;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        }

        options.ProbeTimeout = ProbeTimeout ?? options.ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit ?? options.NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration ?? options.NumVotesForDeathDeclaration;
        options.NumProbedSilos = NumProbedSilos ?? options.NumProbedSilos;
        options.TableRefreshTimeout = TableRefreshTimeout ?? options.TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout ?? options.IAmAliveTablePublishTimeout;
    });

    private static int? OptionalInteger(IConfiguration configuration, string name) =>
        configuration.Text(Section + name) is null ? null : configuration.Integer(Section + name, fallback: 0, minimum: 1, maximum: 100);
}
