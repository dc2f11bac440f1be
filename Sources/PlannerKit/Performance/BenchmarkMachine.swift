import Foundation

/// The machine a performance benchmark ran on, printed beside every figure
/// because timings on another core count or memory do not compare.
public enum BenchmarkMachine {
    /// "16 cores, 128 GiB".
    public static var description: String {
        "\(ProcessInfo.processInfo.activeProcessorCount) cores, \(ProcessInfo.processInfo.physicalMemory / (1 << 30)) GiB"
    }

    /// Peak resident set size of this process so far, in MB (getrusage reports kilobytes on Linux).
    public static var peakResidentMB: Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage.ru_maxrss / 1024
    }
}
