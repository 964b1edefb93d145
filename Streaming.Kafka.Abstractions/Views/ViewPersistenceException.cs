using System.Data.Common;

namespace ActorViews.Streaming.Kafka;

/// <summary>
/// A view could not persist its state. Thrown to the delivery engine instead of the storage's own exception
/// (which often cannot cross a grain call). An outage (<see cref="IsPermanent"/> false) is retried until storage
/// heals rather than dead-lettering good events; a refusal that no retry can change (<see cref="IsPermanent"/>
/// true) sends the events to the dead-letter topic with the storage's reason instead of halting the partition.
/// </summary>
[GenerateSerializer]
public sealed class ViewPersistenceException : Exception
{
    // SQLSTATE classes of a refusal of the data itself: 22 data exception (e.g. a \u0000 the jsonb cast refuses),
    // 23 integrity constraint violation, 54 program limit exceeded (e.g. a key too long for the primary-key index).
    // Everything else (08 connection, 53 resources, 57P operator intervention, 40 rollbacks, ...) is an outage.
    private static readonly string[] PermanentSqlStateClasses = ["22", "23", "54"];

    /// <summary>Creates the exception.</summary>
    public ViewPersistenceException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ViewPersistenceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the storage's exception.</summary>
    public ViewPersistenceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether the storage refused this state for good, so retrying the same events cannot succeed.</summary>
    [Id(0)]
    public bool IsPermanent { get; init; }

    /// <summary>
    /// The exception for a failed write: permanent when a database in the failure's chain refused the data with
    /// a SQLSTATE of class 22, 23 or 54, otherwise transient. Carries the failure's text, not the failure.
    /// </summary>
    /// <param name="writeFailure">What the storage threw.</param>
    public static ViewPersistenceException FromWriteFailure(Exception writeFailure)
    {
        ArgumentNullException.ThrowIfNull(writeFailure);
        var database = FindDbException(writeFailure);
        var sqlState = database?.SqlState;
        var permanent = sqlState is { Length: 5 } && PermanentSqlStateClasses.Contains(sqlState[..2], StringComparer.Ordinal);
        var cause = database ?? writeFailure;
        var kind = permanent ? "the storage refuses this state" : "the storage failed";
        var code = sqlState is null ? string.Empty : $" (SQLSTATE {sqlState})";
        return new ViewPersistenceException($"Persisting the view failed, {kind}{code}: {cause.GetType().FullName}: {cause.Message}")
        {
            IsPermanent = permanent,
        };
    }

    private static DbException? FindDbException(Exception? failure) => failure switch
    {
        null => null,
        DbException db => db,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindDbException).FirstOrDefault(found => found is not null),
        _ => FindDbException(failure.InnerException),
    };
}
