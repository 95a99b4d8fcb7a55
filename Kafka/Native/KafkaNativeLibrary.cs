using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace GrainPipeline.Kafka.Native;

/// <summary>
/// Points Confluent.Kafka at a librdkafka it can load. The NuGet copy we build against has no
/// librdkafka.redist, so the native library is Debian's <c>librdkafka.so.1</c> (or one bundled next
/// to the application, when present). Call <see cref="EnsureLoaded"/> once, before any Kafka client.
/// </summary>
public static class KafkaNativeLibrary
{
    public const string SystemLibrary = "librdkafka.so.1";

    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>The path of the librdkafka that was loaded, for diagnostics.</summary>
    public static string LoadedFrom { get; private set; } = "";

    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            var librdkafka = ResolveLibrdkafkaPath();
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, (name, assembly, path) => Resolve(name, assembly, path, librdkafka));
            NativeLibrary.SetDllImportResolver(typeof(KafkaNativeLibrary).Assembly, (name, assembly, path) => Resolve(name, assembly, path, librdkafka));
            try
            {
                Library.Load(librdkafka);
            }
            catch (DllNotFoundException e)
            {
                throw new InvalidOperationException(
                    $"librdkafka could not be loaded from '{librdkafka}'. Install it with: apt-get install -y librdkafka1", e);
            }
            LoadedFrom = librdkafka;
            _loaded = true;
        }
    }

    private static string ResolveLibrdkafkaPath()
    {
        var bundled = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "librdkafka.so");
        return File.Exists(bundled) ? bundled : SystemLibrary;
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath, string librdkafka)
    {
        // Confluent.Kafka asks for "libdl" to dlopen librdkafka itself; glibc only ships the versioned name.
        if (name == "libdl") return NativeLibrary.Load("libdl.so.2", assembly, searchPath);
        if (name.StartsWith("librdkafka", StringComparison.Ordinal)) return NativeLibrary.Load(librdkafka, assembly, searchPath);
        return IntPtr.Zero;
    }
}
