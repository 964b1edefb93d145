namespace ActorViews.PostgreSql;

/// <summary>Refuses group-commit options that could not work, naming the option and the storage.</summary>
/// <param name="options">The storage's options.</param>
/// <param name="name">The storage provider's name.</param>
public sealed class PostgresGroupCommitOptionsValidator(PostgresGroupCommitOptions options, string name) : IConfigurationValidator
{
    /// <inheritdoc />
    public void ValidateConfiguration()
    {
        RequirePositive(options.MaxBatchSize, nameof(PostgresGroupCommitOptions.MaxBatchSize));
        RequirePositive(options.MaxConcurrentBatches, nameof(PostgresGroupCommitOptions.MaxConcurrentBatches));
        RequirePositive(options.MaxQueuedWrites, nameof(PostgresGroupCommitOptions.MaxQueuedWrites));
    }

    private void RequirePositive(int value, string option)
    {
        if (value < 1)
        {
            throw new OrleansConfigurationException(
                $"{nameof(PostgresGroupCommitOptions)}.{option} on grain storage '{name}' must be at least 1; it is {value}.");
        }
    }
}
