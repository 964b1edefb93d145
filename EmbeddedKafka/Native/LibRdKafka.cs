using System.Runtime.InteropServices;

namespace ActorViews.EmbeddedKafka.Native;

/// <summary>
/// The slice of librdkafka's C API (rdkafka.h, rdkafka_mock.h) the embedded broker needs.
/// </summary>
internal static unsafe partial class LibRdKafka
{
    /// <summary>The logical library name; <see cref="LibRdKafkaResolver"/> maps it to a file.</summary>
    public const string LibraryName = "librdkafka";

    /// <summary><c>RD_KAFKA_PRODUCER</c>.</summary>
    public const int ProducerType = 0;

    /// <summary><c>RD_KAFKA_CONF_OK</c>.</summary>
    public const int ConfOk = 0;

    /// <summary><c>RD_KAFKA_RESP_ERR_NO_ERROR</c>.</summary>
    public const int NoError = 0;

    /// <summary><c>RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS</c>.</summary>
    public const int TopicAlreadyExists = 36;

    static LibRdKafka()
    {
        // Runs before the first call into the native library: every import below goes through the resolver.
        LibRdKafkaResolver.Register(typeof(LibRdKafka).Assembly);
    }

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_new")]
    public static partial nint ConfNew();

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(nint conf);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(nint conf, string name, string value, byte* errstr, nuint errstrSize);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_new")]
    public static partial nint New(int type, nint conf, byte* errstr, nuint errstrSize);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(nint rk);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_err2str")]
    public static partial nint Err2Str(int err);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial nint MockClusterNew(nint rk, int brokerCount);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(nint mcluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial nint MockClusterBootstraps(MockClusterHandle mcluster);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(MockClusterHandle mcluster, string topic, int partitionCount, int replicationFactor);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_set_controller_id")]
    public static partial int MockSetControllerId(MockClusterHandle mcluster, int controllerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int MockBrokerSetDown(MockClusterHandle mcluster, int brokerId);

    [LibraryImport(LibraryName, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int MockBrokerSetUp(MockClusterHandle mcluster, int brokerId);

    /// <summary>librdkafka's text for an error code (a static string owned by the library).</summary>
    public static string ErrorText(int err) => Marshal.PtrToStringUTF8(Err2Str(err)) ?? $"librdkafka error {err}";

    /// <summary>The cluster's bootstrap servers (the string belongs to the cluster, so it is copied).</summary>
    public static string? Bootstraps(MockClusterHandle mcluster) => Marshal.PtrToStringUTF8(MockClusterBootstraps(mcluster));

    /// <summary>Reads a NUL-terminated error buffer filled by librdkafka.</summary>
    public static string BufferText(byte* buffer) => Marshal.PtrToStringUTF8((nint)buffer) ?? string.Empty;
}
