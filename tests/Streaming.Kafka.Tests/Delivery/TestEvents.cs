namespace ActorViews.Streaming.Kafka.Tests.Delivery;

public enum Colour
{
    Red,
    Blue,
}

public record Thing(string Id, int Size, Colour Colour);

public sealed record Gadget(string Id, int Size, Colour Colour, int Volts) : Thing(Id, Size, Colour);
