namespace ActorViews.Streaming.Kafka;

/// <summary>What a partition's reader on this silo is doing; anything but <see cref="Reading"/> needs attention.</summary>
/// <remarks>The numbers are the values of the <c>actorviews.kafka.partition.condition</c> gauge; higher is worse.</remarks>
public enum PartitionCondition
{
    /// <summary>Reading and delivering.</summary>
    Reading = 0,

    /// <summary>One event has been in delivery longer than ten commit intervals, holding the commit back.</summary>
    Stuck = 1,

    /// <summary>Reading from the broker fails; retried.</summary>
    ReadFailing = 2,

    /// <summary>The receiver cannot start (broker unreachable, topic missing): the partition is not read at all; retried.</summary>
    StartFailing = 3,

    /// <summary>Another receiver claimed the partition; this one stopped and claims it back after a delay.</summary>
    Fenced = 4,
}
