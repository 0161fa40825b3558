// Types whose only purpose is to give the layer check a known set of references to find (see LayerTests). They live
// outside the TlsDoctor namespaces so the real check never sees them. Each reference takes a different path into the
// metadata: a field, a method body, a generic argument, a base type.
#pragma warning disable CS0649, CA1822

namespace LayerFixture.Registry
{
    public sealed class Code { public static int Value => 1; }
}

namespace LayerFixture.Wire
{
    public sealed class Message
    {
        public int Read() => new LayerFixture.Diagnosis.Report().Total;
    }
}

namespace LayerFixture.Diagnosis
{
    public sealed class Report
    {
        public int Total => LayerFixture.Registry.Code.Value;
    }
}

namespace LayerFixture.Capture
{
    public class Listener { }
}

namespace LayerFixture.Emulator
{
    public sealed class Relay
    {
        private readonly List<LayerFixture.Capture.Listener> _listeners = [];
        public int Count => _listeners.Count;
    }
}

namespace LayerFixture.Aws
{
    public class Credentials { }
}

namespace LayerFixture.Logs
{
    public sealed class Reader : LayerFixture.Aws.Credentials { }
}

namespace LayerFixture.Unplaced
{
    public static class Helper
    {
        public static int Get() => LayerFixture.Registry.Code.Value;
    }
}
