namespace ActorViews.Streaming.Kafka;

/// <summary>
/// A view could not persist its state. Thrown to the delivery engine instead of the storage's own exception
/// (which often cannot cross a grain call), so the engine retries the events until storage heals rather
/// than dead-lettering good events during an outage.
/// </summary>
[GenerateSerializer]
public sealed class ViewPersistenceException : Exception
{
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
}
