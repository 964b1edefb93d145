namespace ActorViews.Streaming.Kafka.Delivery;

internal sealed partial class PartitionPump
{
    /// <summary>One key's events, handed to its views in one call: itself the sequenced work, so queuing it allocates no closure.</summary>
    private sealed class ViewRun(PartitionPump pump, string key) : ISequencedWork
    {
        private int _filled;

        public string Key => key;

        /// <summary>How many events the run gets from its batch; set before the first <see cref="Add"/>.</summary>
        public int Count { get; set; }

        public DecodedMessage[] Messages { get; private set; } = [];

        /// <summary>Set, under the pump's lock, when the call starts; the events are fixed from then on.</summary>
        public bool Started { get; set; }

        public void Add(DecodedMessage message)
        {
            if (_filled == 0)
            {
                Messages = new DecodedMessage[Count];
            }

            Messages[_filled++] = message;
        }

        /// <summary>Takes a later run's events of the same key, while this run waits and stays within <paramref name="limit"/> events.</summary>
        /// <remarks>Called under the pump's lock.</remarks>
        public bool TryAppend(ViewRun later, int limit)
        {
            if (Started || Messages.Length + later.Messages.Length > limit)
            {
                return false;
            }

            Messages = [.. Messages, .. later.Messages];
            return true;
        }

        public Task RunAsync()
        {
            pump.OnStarting(this);
            return pump.DeliverToViewsAsync(this);
        }
    }

    /// <summary>A message that cannot become an event, sent to the dead-letter topic in turn with its key's other work.</summary>
    private sealed class DeadLetterRun(PartitionPump pump, DecodedMessage message, string reason) : ISequencedWork
    {
        public Task RunAsync() => pump.DeadLetterAsync(message, reason);
    }
}
