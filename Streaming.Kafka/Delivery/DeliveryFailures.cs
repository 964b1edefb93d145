using System.Data.Common;
using System.Net.Sockets;
using Orleans.Runtime.Messaging;
using Orleans.Serialization;
using Orleans.Storage;

namespace ActorViews.Streaming.Kafka.Delivery;

/// <summary>
/// Tells a failure of the cluster or its storage (retry until it heals: the event is fine) from a failure of
/// the view's own logic on this event (retry a few times, then dead-letter: the event is the problem).
/// </summary>
/// <remarks>
/// Dead-lettering during an outage would take good events out of their views, so everything that looks like
/// infrastructure is retried for as long as this silo owns the partition.
/// </remarks>
internal static class DeliveryFailures
{
    private static readonly string[] InfrastructureTypeMarkers = ["Npgsql", "DbException", "Socket", "IOException", "Timeout", "Storage", "Connection"];

    public static bool IsTransient(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransient),
        ViewPersistenceException persistence => !persistence.IsPermanent,
        OperationCanceledException or TimeoutException or ObjectDisposedException => true,
        DbException or IOException or SocketException => true,
        OrleansMessageRejectionException or ClientNotAvailableException or GatewayTooBusyException => true,
        ConnectionFailedException or OrleansLifecycleCanceledException or InconsistentStateException or LimitExceededException => true,
        WrappedException wrapped => IsInfrastructureTypeName(wrapped.OriginalExceptionType),
        UnavailableExceptionFallbackException fallback => IsInfrastructureTypeName(fallback.ExceptionType),

        // An exception the callee could not send back (e.g. "no codec for Npgsql.NpgsqlException") names its type in its message.
        SerializerException serializer => IsInfrastructureTypeName(serializer.Message),
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    private static bool IsInfrastructureTypeName(string? typeName) =>
        typeName is not null && InfrastructureTypeMarkers.Any(marker => typeName.Contains(marker, StringComparison.Ordinal));
}
