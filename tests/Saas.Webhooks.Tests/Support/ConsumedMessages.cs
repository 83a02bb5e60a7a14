using MassTransit;

namespace Saas.Webhooks.Tests.Support;

/// <summary>
/// Counts the messages of type <typeparamref name="T"/> the service's consumers have finished with (consumed, or
/// faulted), as MassTransit reports them. "None ready in the queue" also holds while a message is being consumed, so a
/// test that must act after a consumer is done waits here instead.
/// </summary>
public sealed class ConsumedMessages<T> : IConsumeObserver where T : class
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public static ConsumedMessages<T> On(IBus bus)
    {
        var observer = new ConsumedMessages<T>();
        bus.ConnectConsumeObserver(observer);
        return observer;
    }

    public Task PreConsume<TMessage>(ConsumeContext<TMessage> context) where TMessage : class => Task.CompletedTask;

    public Task PostConsume<TMessage>(ConsumeContext<TMessage> context) where TMessage : class => Finished<TMessage>();

    public Task ConsumeFault<TMessage>(ConsumeContext<TMessage> context, Exception exception) where TMessage : class => Finished<TMessage>();

    private Task Finished<TMessage>()
    {
        if (typeof(TMessage) == typeof(T))
        {
            Interlocked.Increment(ref count);
        }

        return Task.CompletedTask;
    }
}
