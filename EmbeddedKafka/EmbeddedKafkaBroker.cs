using System.Diagnostics.CodeAnalysis;
using ActorViews.EmbeddedKafka.Native;

namespace ActorViews.EmbeddedKafka;

/// <summary>
/// A Kafka-protocol broker cluster running inside this process: librdkafka's mock cluster, listening on
/// loopback TCP ports. Any Kafka client can reach it through <see cref="BootstrapServers"/>.
/// </summary>
/// <remarks>
/// Topics must be created with <see cref="CreateTopic"/>; the mock cluster has no admin CreateTopics.
/// Each partition keeps only a few MiB of log, so this is for development and tests, not for volume.
/// </remarks>
public sealed unsafe class EmbeddedKafkaBroker : IDisposable
{
    private const int ErrorBufferSize = 512;

    private readonly MockClusterHandle _cluster;
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    private EmbeddedKafkaBroker(MockClusterHandle cluster, string bootstrapServers, int brokers)
    {
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        BrokerIds = Enumerable.Range(1, brokers).ToArray();
    }

    /// <summary>The comma-separated <c>host:port</c> list of the brokers, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>The ids of the brokers, <c>1</c> to the number started.</summary>
    public IReadOnlyList<int> BrokerIds { get; }

    /// <summary>
    /// librdkafka settings a consumer of this broker should use. The mock broker answers a fetch that finds no
    /// data only after the consumer's <c>fetch.wait.max.ms</c> (500 ms by default), even when data arrives
    /// meanwhile; a real broker answers as soon as it has data. With the default every event would appear up
    /// to half a second late, a property of the mock rather than of the consumer. 50 ms keeps events prompt
    /// while an idle silo's fetch loop stays cheap (measured: about 27% of a core idle, against 20% at 500 ms
    /// and 55% at 10 ms).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ConsumerSettings { get; } = new Dictionary<string, string>
    {
        [FetchWaitSetting] = "50",
    };

    /// <summary>The librdkafka setting that bounds how long the mock broker holds a fetch that found no data.</summary>
    public const string FetchWaitSetting = "fetch.wait.max.ms";

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers, broker 1 acting as controller.</summary>
    /// <param name="brokers">The number of brokers, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="brokers"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">librdkafka could not create the cluster.</exception>
    /// <exception cref="DllNotFoundException">librdkafka could not be loaded.</exception>
    public static EmbeddedKafkaBroker Start(int brokers = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);

        var kafkaHandle = CreateKafkaHandle();
        var mockCluster = LibRdKafka.MockClusterNew(kafkaHandle, brokers);
        if (mockCluster == nint.Zero)
        {
            LibRdKafka.Destroy(kafkaHandle);
            throw new InvalidOperationException($"librdkafka could not create a mock cluster of {brokers} broker(s).");
        }

        var cluster = new MockClusterHandle(mockCluster, kafkaHandle);
        try
        {
            // Without a controller, admin requests (metadata for the controller, describe, ...) never complete.
            ThrowOnError(LibRdKafka.MockSetControllerId(cluster, 1), "set the controller to broker 1");
            var bootstraps = LibRdKafka.Bootstraps(cluster);
            if (string.IsNullOrEmpty(bootstraps))
            {
                throw new InvalidOperationException("librdkafka's mock cluster reported no bootstrap servers.");
            }

            return new EmbeddedKafkaBroker(cluster, bootstraps, brokers);
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Creates <paramref name="name"/> with <paramref name="partitions"/> partitions (replication factor 1).
    /// Creating a topic again with the same partition count does nothing.
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or not a legal Kafka topic name.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="partitions"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">
    /// The topic exists with another partition count, or librdkafka refused it (its error text is included).
    /// </exception>
    public void CreateTopic(string name, int partitions)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IsValidTopicName(name, out var problem))
        {
            throw new ArgumentException(problem, nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
            if (_topics.TryGetValue(name, out var existing))
            {
                if (existing != partitions)
                {
                    throw new InvalidOperationException(
                        $"Topic '{name}' already exists with {existing} partition(s); it cannot be re-created with {partitions}.");
                }

                return;
            }

            var error = LibRdKafka.MockTopicCreate(_cluster, name, partitions, 1);
            if (error != LibRdKafka.NoError && error != LibRdKafka.TopicAlreadyExists)
            {
                throw new InvalidOperationException(
                    $"Could not create topic '{name}' with {partitions} partition(s): {LibRdKafka.ErrorText(error)}.");
            }

            _topics[name] = partitions;
        }
    }

    /// <summary>Checks <paramref name="name"/> against Kafka's topic naming rules.</summary>
    /// <param name="name">The candidate topic name.</param>
    /// <param name="problem">Why the name is not legal, when it is not.</param>
    /// <returns>True if <see cref="CreateTopic"/> would accept the name.</returns>
    public static bool IsValidTopicName(string name, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(name);
        problem = TopicName.Problem(name);
        return problem is null;
    }

    /// <summary>Disconnects broker <paramref name="brokerId"/> and refuses new connections until it is set up.</summary>
    public void SetBrokerDown(int brokerId) => SetBroker(brokerId, up: false);

    /// <summary>Lets broker <paramref name="brokerId"/> accept connections again.</summary>
    public void SetBrokerUp(int brokerId) => SetBroker(brokerId, up: true);

    /// <summary>Sets every broker down: clients see the whole cluster unreachable.</summary>
    public void SetAllBrokersDown()
    {
        foreach (var brokerId in BrokerIds)
        {
            SetBrokerDown(brokerId);
        }
    }

    /// <summary>Sets every broker up.</summary>
    public void SetAllBrokersUp()
    {
        foreach (var brokerId in BrokerIds)
        {
            SetBrokerUp(brokerId);
        }
    }

    /// <summary>
    /// Writes <see cref="BootstrapServers"/> as a single line to <paramref name="path"/>, atomically
    /// (a reader sees either no file or the whole content).
    /// </summary>
    public void WriteBootstrapFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);

        // Same directory, so the move is a rename on one file system.
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, BootstrapServers + "\n");
            File.Move(temporary, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Stops the brokers and frees the native resources. Safe to call more than once.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _cluster.Dispose();
        }
    }

    private void SetBroker(int brokerId, bool up)
    {
        if (!BrokerIds.Contains(brokerId))
        {
            throw new ArgumentOutOfRangeException(
                nameof(brokerId), brokerId, $"Broker ids are 1 to {BrokerIds.Count}.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster.IsClosed, this);
            var error = up
                ? LibRdKafka.MockBrokerSetUp(_cluster, brokerId)
                : LibRdKafka.MockBrokerSetDown(_cluster, brokerId);
            ThrowOnError(error, $"set broker {brokerId} {(up ? "up" : "down")}");
        }
    }

    private static nint CreateKafkaHandle()
    {
        var errorBuffer = stackalloc byte[ErrorBufferSize];
        var conf = LibRdKafka.ConfNew();

        // The handle only hosts the mock cluster and never connects anywhere. Logging only errors keeps its
        // "No bootstrap.servers configured" warning out of the application's output.
        if (LibRdKafka.ConfSet(conf, "log_level", "3", errorBuffer, ErrorBufferSize) != LibRdKafka.ConfOk)
        {
            var message = LibRdKafka.BufferText(errorBuffer);
            LibRdKafka.ConfDestroy(conf);
            throw new InvalidOperationException($"librdkafka rejected its configuration: {message}");
        }

        var kafkaHandle = LibRdKafka.New(LibRdKafka.ProducerType, conf, errorBuffer, ErrorBufferSize);
        if (kafkaHandle == nint.Zero)
        {
            // On failure the configuration still belongs to the caller.
            LibRdKafka.ConfDestroy(conf);
            throw new InvalidOperationException(
                $"librdkafka could not create the handle hosting the mock cluster: {LibRdKafka.BufferText(errorBuffer)}");
        }

        return kafkaHandle;
    }

    private static void ThrowOnError(int error, string action)
    {
        if (error != LibRdKafka.NoError)
        {
            throw new InvalidOperationException($"librdkafka could not {action}: {LibRdKafka.ErrorText(error)}.");
        }
    }
}
