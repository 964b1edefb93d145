using System.Runtime.InteropServices;

namespace ActorViews.EmbeddedKafka.Native;

/// <summary>
/// Owns a mock cluster together with the <c>rd_kafka_t</c> it was created on; the two die together
/// because the cluster runs on that handle's threads and must be destroyed before it.
/// </summary>
internal sealed class MockClusterHandle : SafeHandle
{
    private readonly nint _kafkaHandle;

    // Required by the P/Invoke marshaller for SafeHandle types; never used to own anything.
    public MockClusterHandle()
        : base(nint.Zero, ownsHandle: true)
    {
    }

    public MockClusterHandle(nint mockCluster, nint kafkaHandle)
        : base(nint.Zero, ownsHandle: true)
    {
        _kafkaHandle = kafkaHandle;
        SetHandle(mockCluster);
    }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        LibRdKafka.MockClusterDestroy(handle);
        if (_kafkaHandle != nint.Zero)
        {
            LibRdKafka.Destroy(_kafkaHandle);
        }

        return true;
    }
}
