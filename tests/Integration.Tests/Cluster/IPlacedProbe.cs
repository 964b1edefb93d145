namespace ActorViews.Integration.Tests.Cluster;

/// <summary>A grain placed by the partition of its key in the ticks topic, which says where it runs.</summary>
public interface IPlacedProbe : IGrainWithStringKey
{
    /// <summary>The address of the silo hosting this activation, parsable.</summary>
    Task<string> SiloAsync();
}
