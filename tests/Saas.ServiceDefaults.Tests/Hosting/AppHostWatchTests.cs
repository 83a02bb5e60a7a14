using System.IO.Pipes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Saas.ServiceDefaults.Hosting;

namespace Saas.ServiceDefaults.Tests.Hosting;

public sealed class AppHostWatchTests
{
    [Fact]
    public async Task Watch_WhileTheAppHostsPipeIsOpen_ShouldLeaveTheServiceRunning_AndStopItWhenThePipeCloses()
    {
        var appHostEnd = new AnonymousPipeServerStream(PipeDirection.Out);
        await using var serviceEnd = new AnonymousPipeClientStream(PipeDirection.In, appHostEnd.ClientSafePipeHandle);
        var lifetime = new RecordingLifetime();
        var watch = new AppHostWatch(lifetime, NullLogger<AppHostWatch>.Instance, () => serviceEnd);

        await watch.StartAsync(CancellationToken.None);
        await appHostEnd.WriteAsync(new byte[] { 1, 2, 3 }); // a stray write changes nothing
        await Task.Delay(300);
        Assert.False(watch.Stopped.IsCompleted);
        Assert.False(lifetime.StopRequested);

        appHostEnd.Dispose(); // what the kernel does when the AppHost dies

        await watch.Stopped.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(lifetime.StopRequested);
    }

    private sealed class RecordingLifetime : IHostApplicationLifetime
    {
        public bool StopRequested { get; private set; }

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => StopRequested = true;
    }
}
