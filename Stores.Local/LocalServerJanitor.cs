using System.Collections.Concurrent;

namespace GrainPipeline.Stores.Local;

/// <summary>
/// Stops every private server this process started and has not disposed yet when the process exits
/// (a normal exit, <c>Environment.Exit</c>, SIGTERM, or the end of a Ctrl-C that outlived the
/// command's grace period), so no redis-server or postgres outlives its owner and no temp directory
/// is left behind. A graceful Ctrl-C disposes the servers earlier, through the caller's <c>using</c>.
/// </summary>
internal static class LocalServerJanitor
{
    private static readonly ConcurrentDictionary<IDisposable, byte> Live = new(ReferenceEqualityComparer.Instance);
    private static int _hooked;

    public static void Track(IDisposable server)
    {
        if (Interlocked.Exchange(ref _hooked, 1) == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();
        Live[server] = 0;
    }

    public static void Forget(IDisposable server) => Live.TryRemove(server, out _);

    private static void StopAll()
    {
        foreach (var server in Live.Keys)
        {
            try
            {
                server.Dispose();
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or UnauthorizedAccessException)
            {
                // Best effort at exit: report and go on with the others.
                Console.Error.WriteLine($"could not stop a private server at exit: {e.Message}");
            }
        }
    }
}
