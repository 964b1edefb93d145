namespace ActorViews.Streaming.Kafka.Delivery;

internal sealed partial class PartitionPump
{
    /// <summary>One key's events of a batch, handed to its views in one call: itself the sequenced work, so queuing it allocates no closure.</summary>
    private sealed class ViewRun(PartitionPump pump, string key, OffsetTracker.Segment segment) : ISequencedWork
    {
        private int _filled;

        public string Key => key;

        public OffsetTracker.Segment Segment => segment;

        /// <summary>How many events the run gets; set before the first <see cref="Add"/>.</summary>
        public int Count { get; set; }

        public DecodedMessage[] Messages { get; private set; } = [];

        public void Add(DecodedMessage message)
        {
            if (_filled == 0)
            {
                Messages = new DecodedMessage[Count];
            }

            Messages[_filled++] = message;
        }

        public Task RunAsync() => pump.DeliverToViewsAsync(this);
    }

    /// <summary>A message that cannot become an event, sent to the dead-letter topic in turn with its key's other work.</summary>
    private sealed class DeadLetterRun(PartitionPump pump, OffsetTracker.Segment segment, DecodedMessage message, string reason) : ISequencedWork
    {
        public Task RunAsync() => pump.DeadLetterAsync(segment, message, reason);
    }
}
